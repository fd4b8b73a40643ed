package io.vigil.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real DNS server from Debian's {@code dnsmasq}, on 127.0.0.1 and a random UDP+TCP port, answering
 * only the records given in {@link Records}; every other name is NXDOMAIN. Its config, pid file and
 * log live in a temp directory removed on close.
 */
public final class DnsServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    /** Stops dnsmasq if the JVM ends without close() (a crashed test run leaves no dnsmasq behind). */
    private final Thread onExit = new Thread(this::stop, "dnsmasq-stop");
    private volatile Process process;
    private volatile Records records;
    /** Upstreams that {@link Records#servfail} and {@link Records#timeout} domains are forwarded to. */
    private final List<AutoCloseable> upstreams = new ArrayList<>();

    private DnsServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts dnsmasq serving {@code records}; returns once it answers a query. */
    public static DnsServer start(Records records) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: tests need Debian's dnsmasq; .ci/run installs it"
                    + " (apt-get install -y --no-install-recommends dnsmasq)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("vigil-dnsmasq-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temp directory for dnsmasq", e);
        }
        DnsServer server;
        try {
            server = new DnsServer(dir, freeUdpAndTcpPort());
        } catch (IOException | RuntimeException e) {
            ServerFiles.delete(dir);
            throw new IllegalStateException("cannot find a free port for dnsmasq", e);
        }
        Runtime.getRuntime().addShutdownHook(server.onExit);
        try {
            server.launch(records);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The UDP and TCP port dnsmasq listens on; it stays the same across {@link #restart}. */
    public int port() {
        return port;
    }

    /** Config, pid file and log; package-private for the close test. */
    Path dir() {
        return dir;
    }

    /** The records served now. */
    public Records records() {
        return records;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Stops dnsmasq and starts it again on the same port with {@code newRecords}: dnsmasq re-reads
     * {@code --host-record} and friends only at start (SIGHUP reloads hosts files, not options).
     */
    public synchronized void restart(Records newRecords) {
        stop();
        launch(newRecords);
    }

    /** Stops dnsmasq; queries to {@link #port()} then get no answer (UDP) or a refused connection (TCP). */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            p.destroy(); // SIGTERM: dnsmasq exits at once
            try {
                if (!p.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        for (AutoCloseable upstream : upstreams) {
            try {
                upstream.close();
            } catch (Exception e) {
                // A socket that does not close is released with the JVM; dnsmasq is already stopped.
            }
        }
        upstreams.clear();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            ServerFiles.delete(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook runs or has run.
            }
        }
    }

    private synchronized void launch(Records records) {
        try {
            List<String> lines = new ArrayList<>(List.of(
                    // No /etc/resolv.conf, /etc/hosts or upstream: only what the test declares exists.
                    "no-resolv", "no-hosts", "no-poll",
                    "listen-address=127.0.0.1",
                    // Without it dnsmasq binds the wildcard address and filters; we bind loopback only.
                    "bind-interfaces",
                    "port=" + port,
                    "pid-file=" + dir.resolve("dnsmasq.pid"),
                    "log-queries",
                    "local-ttl=" + records.ttlSeconds,
                    // Every name not declared below answers NXDOMAIN instead of REFUSED ("no upstream").
                    "local=/#/"));
            for (String domain : records.servfail) {
                ServfailUpstream upstream = new ServfailUpstream();
                upstreams.add(upstream);
                lines.add("server=/" + domain + "/127.0.0.1#" + upstream.port());
            }
            for (String domain : records.timeout) {
                BlackHole hole = BlackHole.open();
                upstreams.add(hole);
                lines.add("server=/" + domain + "/127.0.0.1#" + hole.port());
            }
            lines.addAll(records.lines);
            Path conf = dir.resolve("dnsmasq.conf");
            Files.write(conf, lines, StandardCharsets.UTF_8);

            List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                    // Our file only, never /etc/dnsmasq.conf or /etc/dnsmasq.d.
                    "--conf-file=" + conf,
                    "--keep-in-foreground",
                    "--log-facility=-"));
            if ("root".equals(System.getProperty("user.name"))) {
                // As root dnsmasq drops to the 'dnsmasq' user, which cannot read our temp directory.
                command.add("--user=root");
            }
            Path log = dir.resolve("dnsmasq.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            this.process = p;
            this.records = records;
            awaitReady(p, log);
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot start dnsmasq in " + dir, e);
        }
    }

    private void awaitReady(Process p, Path log) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("dnsmasq exited with " + p.exitValue() + ": " + ServerFiles.tail(log));
                }
                if (answers(socket)) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot probe dnsmasq on 127.0.0.1:" + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for dnsmasq", e);
        }
        stop();
        throw new IllegalStateException("dnsmasq not answering on 127.0.0.1:" + port + " within " + READY_WITHIN
                + ": " + ServerFiles.tail(log));
    }

    /** Any reply to an A query for a name nobody declares (NXDOMAIN) means dnsmasq is serving. */
    private boolean answers(DatagramSocket socket) throws IOException {
        byte[] query = query(0x5eed, "vigil-ready-probe.invalid", 1);
        socket.send(new DatagramPacket(query, query.length, InetAddress.getByName("127.0.0.1"), port));
        byte[] buf = new byte[512];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException | SocketException e) {
            return false;
        }
        return reply.getLength() >= 12 && buf[0] == query[0] && buf[1] == query[1];
    }

    /** A minimal DNS query packet: header with RD set, one question of {@code type}, class IN. */
    static byte[] query(int id, String name, int type) {
        byte[] qname = wireName(name);
        ByteBuffer b = ByteBuffer.allocate(12 + qname.length + 4);
        b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        b.put(qname).putShort((short) type).putShort((short) 1);
        return b.array();
    }

    /** A name in DNS wire form, uncompressed: length-prefixed labels and a zero byte. */
    static byte[] wireName(String name) {
        ByteBuffer b = ByteBuffer.allocate(name.length() + 2);
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            b.put((byte) bytes.length).put(bytes);
        }
        b.put((byte) 0);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static int freeUdpAndTcpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                // dnsmasq needs the port free for both protocols; a TCP-free port may be taken for UDP.
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (SocketException taken) {
                    // Try another.
                }
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on 127.0.0.1 after 20 attempts");
    }

    /**
     * The records a {@link DnsServer} serves, built as dnsmasq options. Names are plain host names
     * (no trailing dot); one TTL applies to all of them.
     */
    public static final class Records {

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_*]([A-Za-z0-9_-]*\\.?)*");

        private final List<String> lines = new ArrayList<>();
        private final Set<String> servfail = new LinkedHashSet<>();
        private final Set<String> timeout = new LinkedHashSet<>();
        private int ttlSeconds = 300;

        private Records() {
        }

        /** No records: every name is NXDOMAIN. */
        public static Records builder() {
            return new Records();
        }

        /** The TTL of every answer ({@code --local-ttl}); 300 s unless set. */
        public Records ttl(Duration ttl) {
            long seconds = ttl.toSeconds();
            if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ttl out of range: " + ttl);
            }
            this.ttlSeconds = (int) seconds;
            return this;
        }

        public int ttlSeconds() {
            return ttlSeconds;
        }

        /** An A record; call again for more addresses of the same name. */
        public Records a(String name, String ipv4) {
            requireLiteral(ipv4, java.net.Inet4Address.class);
            lines.add("host-record=" + name(name) + "," + ipv4);
            return this;
        }

        /** An AAAA record; call again for more addresses of the same name. */
        public Records aaaa(String name, String ipv6) {
            requireLiteral(ipv6, java.net.Inet6Address.class);
            lines.add("host-record=" + name(name) + "," + ipv6);
            return this;
        }

        /** {@code alias} is a CNAME for {@code target}; dnsmasq answers it only if it knows the target. */
        public Records cname(String alias, String target) {
            lines.add("cname=" + name(alias) + "," + name(target));
            return this;
        }

        /** An MX record of {@code name} pointing at {@code exchange} with {@code preference}. */
        public Records mx(String name, int preference, String exchange) {
            if (preference < 0 || preference > 65535) {
                throw new IllegalArgumentException("MX preference out of range: " + preference);
            }
            lines.add("mx-host=" + name(name) + "," + name(exchange) + "," + preference);
            return this;
        }

        /** A TXT record made of {@code strings} (each at most 255 bytes, as in DNS). */
        public Records txt(String name, String... strings) {
            StringBuilder line = new StringBuilder("txt-record=").append(name(name));
            for (String s : strings) {
                // dnsmasq's option parser has its own quoting rules; keep test data out of them.
                if (s.contains("\"") || s.contains("\\") || s.contains("\n")
                        || s.getBytes(StandardCharsets.UTF_8).length > 255) {
                    throw new IllegalArgumentException("TXT string must be <= 255 bytes without quotes, backslashes"
                            + " or newlines: " + s);
                }
                line.append(",\"").append(s).append('"');
            }
            lines.add(line.toString());
            return this;
        }

        /** NS records of {@code zone}, one per name server host, sent as raw records ({@code --dns-rr}). */
        public Records ns(String zone, String... nameServers) {
            for (String ns : nameServers) {
                raw(zone, 2, wireName(name(ns)));
            }
            return this;
        }

        /** Any record type, given as its type number and RDATA in wire form (e.g. CAA is 257). */
        public Records raw(String name, int type, byte[] rdata) {
            StringBuilder hex = new StringBuilder();
            for (byte b : rdata) {
                hex.append(String.format(Locale.ROOT, "%02X", b));
            }
            lines.add("dns-rr=" + name(name) + "," + type + "," + hex);
            return this;
        }

        /**
         * {@code domain} and everything under it answer NXDOMAIN ({@code --address=/domain/} with no
         * address). Unknown names are NXDOMAIN anyway; this states it in a test, and a record
         * declared for the same name still wins (dnsmasq answers its host records first).
         */
        public Records nxdomain(String domain) {
            lines.add("address=/" + name(domain) + "/");
            return this;
        }

        /**
         * Queries for {@code domain} and below answer SERVFAIL: dnsmasq forwards them to an upstream
         * in this JVM that answers only SERVFAIL (a dead upstream makes dnsmasq stay silent, not fail).
         */
        public Records servfail(String domain) {
            servfail.add(name(domain));
            return this;
        }

        /** Queries for {@code domain} and below get no answer: dnsmasq forwards them to a {@link BlackHole}. */
        public Records timeout(String domain) {
            timeout.add(name(domain));
            return this;
        }

        private static String name(String name) {
            if (!NAME.matcher(name).matches() || name.length() > 253) {
                throw new IllegalArgumentException("not a host name dnsmasq can take: '" + name + "'");
            }
            return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        }

        private static void requireLiteral(String address, Class<? extends InetAddress> kind) {
            // Only literals: getByName on a literal never does a lookup.
            boolean literal = address.matches("[0-9a-fA-F.:]+");
            try {
                if (literal && kind.isInstance(InetAddress.getByName(address))) {
                    return;
                }
            } catch (IOException e) {
                // Falls through to the error below.
            }
            throw new IllegalArgumentException("not an " + kind.getSimpleName() + " literal: " + address);
        }
    }

    /** A UDP port on 127.0.0.1 where nothing ever answers, for resolver timeout tests. */
    public static final class BlackHole implements AutoCloseable {

        private final DatagramSocket socket;

        private BlackHole(DatagramSocket socket) {
            this.socket = socket;
        }

        /** Binds a random UDP port; queries sent there queue unread until close. */
        public static BlackHole open() {
            try {
                return new BlackHole(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
            } catch (SocketException e) {
                throw new IllegalStateException("cannot bind a UDP port on 127.0.0.1", e);
            }
        }

        public String host() {
            return "127.0.0.1";
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Answers every UDP query with SERVFAIL, so dnsmasq relays a real SERVFAIL for a forwarded domain. */
    private static final class ServfailUpstream implements AutoCloseable {

        private final DatagramSocket socket;
        private final Thread thread;

        ServfailUpstream() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            thread = new Thread(this::serve, "dns-servfail-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(packet);
                    if (packet.getLength() < 12) {
                        continue;
                    }
                    // Same id and question; QR=1, keep RD, RA=1, RCODE=2; no answer records (and no EDNS).
                    byte[] reply = Arrays.copyOf(buf, packet.getLength());
                    reply[2] = (byte) (0x80 | (reply[2] & 0x01));
                    reply[3] = (byte) 0x82;
                    int questionEnd = questionEnd(reply);
                    reply = Arrays.copyOf(reply, questionEnd);
                    for (int i = 6; i < 12; i++) {
                        reply[i] = 0;
                    }
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException | RuntimeException e) {
                    // Closed, or a malformed query: nothing to answer.
                }
            }
        }

        /** End offset of the first question: its name's labels, a zero byte, type and class. */
        private static int questionEnd(byte[] msg) {
            int i = 12;
            while (msg[i] != 0) {
                i += (msg[i] & 0xff) + 1;
            }
            return i + 1 + 4;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
