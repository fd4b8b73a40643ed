package io.vigil.domain.tls;

import static io.vigil.domain.tls.TlsTestServer.send;

/** The server side of STARTTLS as real mail servers speak it, for {@link TlsTestServer}. */
final class MailDialogues {

    private MailDialogues() {
    }

    /** RFC 3207 with a multi-line greeting (as Postfix sends behind some banners) and an EHLO that offers STARTTLS. */
    static final TlsTestServer.Dialogue SMTP = (client, out) -> {
        send(out, "220-mail.test ESMTP", "220 mail.test ready");
        if (!startsWith(client.next(), "EHLO ")) {
            send(out, "503 EHLO first");
            return false;
        }
        send(out, "250-mail.test", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS", "250 8BITMIME");
        if (!"STARTTLS".equals(client.next())) {
            send(out, "502 not that");
            return false;
        }
        send(out, "220 2.0.0 Ready to start TLS");
        return true;
    };

    /** An SMTP server without TLS: its EHLO reply does not offer STARTTLS. */
    static final TlsTestServer.Dialogue SMTP_WITHOUT_STARTTLS = (client, out) -> {
        send(out, "220 mail.test ESMTP");
        client.next();
        send(out, "250-mail.test", "250 PIPELINING");
        client.next(); // whatever comes (nothing: the checker hangs up)
        return false;
    };

    /** RFC 3501: an untagged capability line before the tagged OK, as Dovecot sends. */
    static final TlsTestServer.Dialogue IMAP = (client, out) -> {
        send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS] imap.test ready");
        if (!"a1 STARTTLS".equals(client.next())) {
            send(out, "* BAD");
            return false;
        }
        send(out, "* CAPABILITY IMAP4rev1", "a1 OK Begin TLS negotiation now");
        return true;
    };

    /** An IMAP server that refuses STARTTLS (as one without a certificate configured does). */
    static final TlsTestServer.Dialogue IMAP_REFUSING = (client, out) -> {
        send(out, "* OK imap.test ready");
        client.next();
        send(out, "a1 NO STARTTLS unavailable");
        client.next(); // until the checker hangs up
        return false;
    };

    /** RFC 2595. */
    static final TlsTestServer.Dialogue POP3 = (client, out) -> {
        send(out, "+OK POP3 ready");
        if (!"STLS".equals(client.next())) {
            send(out, "-ERR");
            return false;
        }
        send(out, "+OK Begin TLS negotiation");
        return true;
    };

    /** Accepts and says nothing: the checker's timeout must end the look. */
    static final TlsTestServer.Dialogue SILENT = (client, out) -> {
        client.next();
        return false;
    };

    private static boolean startsWith(String line, String prefix) {
        return line != null && line.startsWith(prefix);
    }
}
