package io.vigil.domain.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 and a random port for the checker's tests: plain JDK sockets, one
 * connection at a time on one thread, optionally a plain-text dialogue (an SMTP, IMAP or POP3
 * server's STARTTLS) before the socket is upgraded. It records what the client sent, the SNI it
 * asked for, and how many connections came; {@link #close()} stops it.
 */
final class TlsTestServer implements AutoCloseable {

    /** The plain-text part of a connection; returns whether to upgrade to TLS afterwards. */
    interface Dialogue {
        boolean talk(Lines client, OutputStream out) throws IOException;
    }

    /** Straight TLS, as on port 443. */
    static final Dialogue NONE = (client, out) -> true;

    private final ServerSocket server;
    private final SSLContext context;
    private final Dialogue dialogue;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<Integer> handshakes = new CopyOnWriteArrayList<>();
    private volatile Socket current;

    private TlsTestServer(SSLContext context, Dialogue dialogue) throws IOException {
        this.context = context;
        this.dialogue = dialogue;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::acceptLoop, "tls-test-server-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static TlsTestServer start(SSLContext context) throws IOException {
        return new TlsTestServer(context, NONE);
    }

    static TlsTestServer start(SSLContext context, Dialogue dialogue) throws IOException {
        return new TlsTestServer(context, dialogue);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** The lines the client sent before the handshake, in order. */
    List<String> received() {
        return received;
    }

    /** The SNI host names clients asked for, one entry per completed handshake ("" for none). */
    List<String> serverNames() {
        return serverNames;
    }

    /** Completed server-side handshakes. */
    int handshakes() {
        return handshakes.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                current = socket;
                connections.incrementAndGet();
                socket.setSoTimeout(5_000); // a client that goes quiet must not wedge the server
                serve(socket);
            } catch (IOException e) {
                // The client hung up or the handshake failed (the client judged and left): next one.
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        Lines lines = new Lines(socket.getInputStream(), received);
        if (!dialogue.talk(lines, socket.getOutputStream())) {
            return;
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        String sni = "";
        for (SNIServerName name : ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames()) {
            if (name instanceof SNIHostName) {
                sni = ((SNIHostName) name).getAsciiName();
            }
        }
        serverNames.add(sni);
        handshakes.add(1);
        // Wait for the client to leave, so that it decides when the connection ends.
        tls.getInputStream().read();
    }

    @Override
    public void close() throws Exception {
        server.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        thread.join(5_000);
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop");
        }
    }

    /** Reads the client's lines byte by byte: nothing of a TLS ClientHello that follows is consumed. */
    static final class Lines {
        private final InputStream in;
        private final List<String> received;

        Lines(InputStream in, List<String> received) {
            this.in = in;
            this.received = received;
        }

        /** The next line without CR LF; null when the client hung up. */
        String next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return null;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            received.add(text);
            return text;
        }
    }

    /** Writes CR LF terminated lines. */
    static void send(OutputStream out, String... lines) throws IOException {
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }
}
