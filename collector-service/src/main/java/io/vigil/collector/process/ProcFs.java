package io.vigil.collector.process;

import io.vigil.collector.procfs.AuxVector;
import io.vigil.collector.procfs.ProcText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ProcessTable} over Linux's {@code /proc}: one directory listing per call of
 * {@link #pids()}, one read of {@code /proc/<pid>/stat} per {@link #stat(long)}, and
 * {@code /proc/<pid>/cmdline} only when asked. The root is a parameter so that a test can lay out
 * a fake {@code /proc} in a temporary directory.
 *
 * <p>Not thread-safe: it reuses one read buffer, because the watcher calls it from one thread.
 */
public final class ProcFs implements ProcessTable {

    // /proc/<pid>/stat is one line of 52 numbers and a 16-byte name: well under 2 KiB.
    private static final int STAT_BUFFER = 4096;
    // Fields of /proc/<pid>/stat counted from the state (field 3 in proc(5)), once the name,
    // which may itself hold spaces and parentheses, has been skipped.
    private static final int STATE = 0;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int STARTTIME = 19;
    private static final int RSS = 21;

    private final Path root;
    private final long ticksPerSecond;
    private final long pageSize;
    private final boolean available;
    private final ProcText text = new ProcText(STAT_BUFFER);

    /**
     * @param root the {@code /proc} directory
     * @param ticksPerSecond the kernel's {@code USER_HZ} ({@code getconf CLK_TCK}), the unit of the
     *     times in {@code stat}
     * @param pageSize bytes per page, the unit of the resident set size in {@code stat}
     */
    public ProcFs(Path root, long ticksPerSecond, long pageSize) {
        if (ticksPerSecond <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException(
                    "ticksPerSecond and pageSize must be positive, got " + ticksPerSecond + " and " + pageSize);
        }
        this.root = root;
        this.ticksPerSecond = ticksPerSecond;
        this.pageSize = pageSize;
        this.available = Files.isDirectory(root) && Files.isReadable(root.resolve("uptime"));
    }

    /**
     * The {@code /proc} at {@code root}, such as the host's mounted into a container at
     * {@code /host/proc}. Same kernel, so this process's clock tick and page size are its too.
     */
    public static ProcFs at(Path root) {
        // From the auxiliary vector rather than OSHI, which would load its Linux classes (and JNA)
        // for two numbers; off Linux the root does not exist and the defaults are never used.
        return new ProcFs(root, AuxVector.ofThisProcess(AuxVector.CLOCK_TICKS).orElse(100),
                AuxVector.ofThisProcess(AuxVector.PAGE_SIZE).orElse(4096));
    }

    /**
     * This JVM's process id as this {@code /proc} numbers it (its {@code self} link): in a host's
     * {@code /proc} seen from a container with its own PID namespace, not the container's number.
     * Empty where there is no such link.
     */
    public OptionalLong selfPid() {
        try {
            long pid = parsePid(Files.readSymbolicLink(root.resolve("self")).toString());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public long[] pids() {
        String[] names = root.toFile().list();
        if (names == null) {
            throw new UncheckedIOException(new IOException("cannot list " + root));
        }
        long[] pids = new long[names.length];
        int count = 0;
        for (String name : names) {
            long pid = parsePid(name);
            if (pid > 0) {
                pids[count++] = pid;
            }
        }
        return Arrays.copyOf(pids, count);
    }

    @Override
    public Optional<ProcessStat> stat(long pid) {
        // A process that exited between the listing and the read is an ordinary race, not an error.
        if (!text.read(root.resolve(Long.toString(pid)).resolve("stat").toFile()) || text.length() == 0) {
            return Optional.empty();
        }
        return parseStat(text.content(), ticksPerSecond, pageSize);
    }

    @Override
    public Optional<String> commandLine(long pid) {
        byte[] bytes;
        try {
            // Read once per process, so the plain way is cheap enough; the length is unbounded.
            bytes = Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("cmdline"));
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(joinArguments(bytes));
    }

    @Override
    public long uptimeMillis() {
        if (!text.read(root.resolve("uptime").toFile()) || text.length() == 0) {
            throw new UncheckedIOException(new IOException("cannot read " + root.resolve("uptime")));
        }
        text.rewind();
        return Math.round(text.nextDecimal() * 1000);
    }

    /**
     * Parses one {@code /proc/<pid>/stat} line; empty for a zombie or a dead process, whose PID is
     * still listed but which runs no more.
     */
    static Optional<ProcessStat> parseStat(String line, long ticksPerSecond, long pageSize) {
        // The name sits in parentheses and may contain ") " itself: the last ')' ends it.
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 2).trim().split(" ");
        if (fields.length <= RSS) {
            return Optional.empty();
        }
        char state = fields[STATE].isEmpty() ? '?' : fields[STATE].charAt(0);
        if (state == 'Z' || state == 'X' || state == 'x') {
            return Optional.empty();
        }
        try {
            long cpuTicks = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
            long startTicks = Long.parseLong(fields[STARTTIME]);
            long rssPages = Long.parseLong(fields[RSS]);
            return Optional.of(new ProcessStat(startTicks * 1000 / ticksPerSecond, cpuTicks * 1000 / ticksPerSecond,
                    Math.max(0, rssPages) * pageSize));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The NUL-separated arguments of {@code cmdline} joined by spaces, as {@code ps -o args} shows them. */
    static String joinArguments(byte[] cmdline) {
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        byte[] copy = Arrays.copyOf(cmdline, end);
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == 0) {
                copy[i] = ' ';
            }
        }
        return new String(copy, StandardCharsets.UTF_8);
    }

    private static long parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
