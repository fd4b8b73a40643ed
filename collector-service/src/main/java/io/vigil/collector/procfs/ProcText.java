package io.vigil.collector.procfs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One reused buffer for the small text files of {@code /proc} and {@code /sys}, with a cursor that
 * reads numbers and words out of it. The collector reads these files every tick: a
 * {@code BufferedReader} per file (8 K chars and a byte buffer) and a {@code String.split} per line
 * were most of its garbage, so numbers are scanned from the bytes and only names become Strings.
 *
 * <p>Kernel text is ASCII; bytes are taken as ISO-8859-1 where a String is made, so nothing can fail
 * to decode. Not thread-safe: one per reading thread.
 */
public final class ProcText {

    // mountinfo of a host with a thousand container mounts is a few hundred KB; anything beyond
    // this is not a file the collector should be reading every second.
    private static final int MAX_BYTES = 16 << 20;

    private byte[] buffer;
    private int length;
    private int position;

    /** A buffer that starts at 8 KB and grows to fit the largest file read. */
    public ProcText() {
        this(8192);
    }

    public ProcText(int initialBytes) {
        this.buffer = new byte[Math.max(16, initialBytes)];
    }

    /** Text to parse without a file, for tests and callers that already hold the content. */
    public static ProcText of(String text) {
        ProcText t = new ProcText(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, t.buffer, 0, bytes.length);
        t.length = bytes.length;
        return t;
    }

    /**
     * Replaces the content with the whole of {@code file} and puts the cursor at its start. Files
     * under {@code /proc} report a size of 0, so it reads until the end, growing the buffer when it
     * fills. False (and empty) when the file cannot be read: gone, unreadable, or too large.
     */
    public boolean read(File file) {
        length = 0;
        position = 0;
        try (InputStream in = new FileInputStream(file)) {
            int total = 0;
            while (true) {
                if (total == buffer.length) {
                    if (buffer.length >= MAX_BYTES) {
                        return false;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(MAX_BYTES, buffer.length * 2));
                }
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            length = total;
            return true;
        } catch (IOException e) {
            // A process or device that went away between listing and reading: the caller decides.
            return false;
        }
    }

    /** Bytes of content. */
    public int length() {
        return length;
    }

    /** Whether the content equals {@code bytes[0, count)}: tells whether a file changed without parsing it. */
    public boolean contentEquals(byte[] bytes, int count) {
        return count == length && Arrays.equals(buffer, 0, length, bytes, 0, count);
    }

    /** A copy of the content, for a later {@link #contentEquals}. */
    public byte[] copyContent() {
        return Arrays.copyOf(buffer, length);
    }

    /** The content as a String (allocates: for rare reads such as a host name). */
    public String content() {
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Moves the cursor back to the start. */
    public void rewind() {
        position = 0;
    }

    /** Whether the cursor has passed the last byte. */
    public boolean atEnd() {
        return position >= length;
    }

    /** Whether the cursor is at the end of a line (or of the content), spaces skipped. */
    public boolean atLineEnd() {
        skipSpaces();
        return position >= length || buffer[position] == '\n';
    }

    /** Moves the cursor past the next newline; false when there is no further line. */
    public boolean nextLine() {
        while (position < length && buffer[position] != '\n') {
            position++;
        }
        if (position >= length) {
            return false;
        }
        position++;
        return position < length;
    }

    /** Whether the current position starts with {@code ascii}; moves past it when it does. */
    public boolean skipIf(String ascii) {
        int n = ascii.length();
        if (position + n > length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buffer[position + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        position += n;
        return true;
    }

    /** Skips spaces and tabs (not newlines). */
    public void skipSpaces() {
        while (position < length && (buffer[position] == ' ' || buffer[position] == '\t')) {
            position++;
        }
    }

    /** Skips one word (spaces before it included), the way {@link #nextWord} would read it. */
    public void skipWord() {
        skipSpaces();
        while (position < length && !isSeparator(buffer[position])) {
            position++;
        }
    }

    /** The next word: spaces skipped, then everything up to a space, tab or newline. Empty at a line end. */
    public String nextWord() {
        return nextWord('\n');
    }

    /**
     * The next word, ending also at {@code stop}, which is consumed: {@code nextWord(':')} reads
     * {@code eth0} from both {@code "eth0: 12"} and {@code "eth0:12"}.
     */
    public String nextWord(char stop) {
        skipSpaces();
        int start = position;
        while (position < length && !isSeparator(buffer[position]) && buffer[position] != stop) {
            position++;
        }
        String word = new String(buffer, start, position - start, StandardCharsets.ISO_8859_1);
        if (position < length && buffer[position] == stop && stop != '\n') {
            position++;
        }
        return word;
    }

    /**
     * The next whole number, spaces skipped; a leading minus is allowed.
     *
     * @throws NumberFormatException when no digit is there, or the number does not fit a long
     */
    public long nextLong() {
        skipSpaces();
        boolean negative = position < length && buffer[position] == '-';
        if (negative) {
            position++;
        }
        int start = position;
        long value = 0;
        while (position < length && buffer[position] >= '0' && buffer[position] <= '9') {
            int digit = buffer[position] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw new NumberFormatException("number too large at byte " + start);
            }
            value = value * 10 + digit;
            position++;
        }
        if (position == start) {
            throw new NumberFormatException("expected a number at byte " + start + ", found " + describe(start));
        }
        return negative ? -value : value;
    }

    /**
     * The next decimal number such as {@code 0.52} or {@code 350735.47}, spaces skipped, exactly
     * as {@link Double#parseDouble} reads it for the short numbers the kernel prints.
     *
     * @throws NumberFormatException when no digit is there
     */
    public double nextDecimal() {
        skipSpaces();
        boolean negative = position < length && buffer[position] == '-';
        if (negative) {
            position++;
        }
        long whole = nextLong();
        if (position >= length || buffer[position] != '.') {
            return negative ? -whole : whole;
        }
        position++;
        long scaled = whole;
        long scale = 1;
        // While scaled and scale stay below 2^53 both are exact doubles and the one division
        // rounds once, as parseDouble does; further digits are below the kernel's precision anyway.
        while (position < length && buffer[position] >= '0' && buffer[position] <= '9') {
            if (scale < 1_000_000_000_000_000L && scaled < 900_000_000_000_000L) {
                scaled = scaled * 10 + (buffer[position] - '0');
                scale *= 10;
            }
            position++;
        }
        double value = (double) scaled / scale;
        return negative ? -value : value;
    }

    private String describe(int at) {
        int end = at;
        while (end < length && end - at < 16 && buffer[end] != '\n') {
            end++;
        }
        return at >= length ? "the end" : "'" + new String(buffer, at, end - at, StandardCharsets.ISO_8859_1) + "'";
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t' || b == '\n';
    }
}
