package io.vigil.domain.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The plain-text dialogue that turns an SMTP, IMAP or POP3 connection into one ready for a TLS
 * handshake (RFC 3207, RFC 3501 §6.2.1, RFC 2595 §4), nothing more: no login, no mail.
 * Reads byte by byte, never ahead: a buffered reader could swallow the first bytes of the TLS
 * handshake that follows on the same socket.
 */
final class StartTls {

    /** What servers answer in a line is short; a longer one is not the protocol we expect. */
    private static final int MAX_LINE = 4096;
    /** Responses (an EHLO's extensions, IMAP's untagged lines) longer than this are not a real server's. */
    private static final int MAX_LINES = 200;
    /** RFC 2606 reserves .invalid: the EHLO names no real host, and hides ours. */
    private static final String EHLO_NAME = "vigil.invalid";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long deadlineNanos;

    private StartTls(Socket socket, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Runs the dialogue of {@code protocol} ({@code smtp}, {@code imap}, {@code pop3}); on return the
     * server expects a TLS ClientHello.
     *
     * @param deadlineNanos a {@link System#nanoTime()} past which no read may wait
     * @throws IOException the server said no, said something else, went quiet or hung up (the message says which)
     */
    static void negotiate(String protocol, Socket socket, long deadlineNanos) throws IOException {
        StartTls dialogue = new StartTls(socket, deadlineNanos);
        switch (protocol.toLowerCase(Locale.ROOT)) {
            case "smtp" -> dialogue.smtp();
            case "imap" -> dialogue.imap();
            case "pop3" -> dialogue.pop3();
            default -> throw new IOException("unknown STARTTLS protocol '" + protocol + "' (expected smtp, imap or pop3)");
        }
    }

    private void smtp() throws IOException {
        expectSmtp("220", smtpReply(), "greeting");
        send("EHLO " + EHLO_NAME);
        List<String> ehlo = smtpReply();
        expectSmtp("250", ehlo, "EHLO reply");
        boolean advertised = false;
        for (String line : ehlo) {
            String keyword = line.length() > 4 ? line.substring(4).trim().split("\\s+")[0] : "";
            advertised |= "STARTTLS".equalsIgnoreCase(keyword);
        }
        if (!advertised) {
            throw new IOException("the SMTP server does not advertise STARTTLS in its EHLO reply");
        }
        send("STARTTLS");
        expectSmtp("220", smtpReply(), "STARTTLS reply");
    }

    private void imap() throws IOException {
        String greeting = line();
        if (!startsWith(greeting, "* OK")) {
            throw new IOException("the IMAP greeting was '" + greeting + "', expected '* OK'");
        }
        send("a1 STARTTLS");
        for (int i = 0; i < MAX_LINES; i++) {
            String reply = line();
            if (startsWith(reply, "a1 ")) {
                if (!startsWith(reply, "a1 OK")) {
                    throw new IOException("the IMAP server answered STARTTLS with '" + reply + "'");
                }
                return;
            }
            // Untagged lines ("* CAPABILITY ...") may come first.
        }
        throw new IOException("the IMAP server never answered STARTTLS");
    }

    private void pop3() throws IOException {
        String greeting = line();
        if (!startsWith(greeting, "+OK")) {
            throw new IOException("the POP3 greeting was '" + greeting + "', expected '+OK'");
        }
        send("STLS");
        String reply = line();
        if (!startsWith(reply, "+OK")) {
            throw new IOException("the POP3 server answered STLS with '" + reply + "'");
        }
    }

    /** The lines of one SMTP reply: {@code 250-a}, {@code 250-b}, {@code 250 c}. */
    private List<String> smtpReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            String line = line();
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
        throw new IOException("the SMTP reply runs over " + MAX_LINES + " lines");
    }

    private static void expectSmtp(String code, List<String> reply, String what) throws IOException {
        String last = reply.get(reply.size() - 1);
        if (!last.startsWith(code)) {
            throw new IOException("the SMTP " + what + " was '" + last + "', expected " + code);
        }
    }

    private void send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CR LF; each read waits no longer than what is left until the deadline. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() <= MAX_LINE) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (leftMillis <= 0) {
                throw new SocketTimeoutException("timed out waiting for the server");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection"
                        + (line.size() > 0 ? " after '" + text(line) + "'" : ""));
            }
            if (b == '\n') {
                String text = text(line);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        throw new IOException("a line longer than " + MAX_LINE + " bytes: not a mail server's reply");
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
