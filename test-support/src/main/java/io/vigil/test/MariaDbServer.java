package io.vigil.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real MariaDB server from Debian's {@code mariadb-server} binaries, on 127.0.0.1 and a random
 * port, with its data, socket and pid files in a temp directory removed on close. It has one
 * database ({@link #DATABASE}) and one user ({@link #USER}/{@link #PASSWORD}) with all rights on it.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String DATABASE = "vigil";
    public static final String USER = "vigil";
    public static final String PASSWORD = "vigil-mariadb-pw";

    static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final List<String> command;
    /** Stops the server if the JVM ends without close() (a crashed test run leaves no mariadbd behind). */
    private final Thread onExit = new Thread(this::stop, "mariadb-stop");
    private volatile Process process;

    private MariaDbServer(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.port = port;
        this.command = command;
    }

    /** Initialises a data directory and starts the server; returns once it accepts logins. */
    public static MariaDbServer start() {
        for (Path binary : List.of(SERVER, INSTALL_DB)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " not found: tests need Debian's mariadb-server; .ci/run installs"
                        + " it (apt-get install -y --no-install-recommends mariadb-server)");
            }
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vigil-mariadb-");
            Path data = dir.resolve("data");
            List<String> user = runAsRoot() ? List.of("--user=root") : List.of();
            List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults",
                    "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"));
            install.addAll(user);
            run(install, dir.resolve("install.log"), Duration.ofSeconds(60));

            // Runs at every start (restart too), hence IF NOT EXISTS.
            Path init = dir.resolve("init.sql");
            Files.writeString(init, "CREATE DATABASE IF NOT EXISTS " + DATABASE + ";\n"
                    + "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';\n"
                    + "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'%';\n");
            int port = EmbeddedKafka.freePort();
            List<String> command = new ArrayList<>(List.of(SERVER.toString(),
                    // Nothing from /etc/mysql: the machine's own server settings must not leak in.
                    "--no-defaults",
                    "--datadir=" + data,
                    "--bind-address=127.0.0.1",
                    "--port=" + port,
                    "--socket=" + dir.resolve("mysqld.sock"),
                    "--pid-file=" + dir.resolve("mysqld.pid"),
                    "--tmpdir=" + dir,
                    "--log-error=" + dir.resolve("error.log"),
                    "--init-file=" + init,
                    // Clients connect from 127.0.0.1; no reverse lookups of it.
                    "--skip-name-resolve",
                    "--skip-log-bin",
                    "--innodb-buffer-pool-size=32M"));
            // mariadbd refuses to run as root unless told to; as anyone else --user is ignored.
            command.addAll(user);
            MariaDbServer server = new MariaDbServer(dir, port, command);
            Runtime.getRuntime().addShutdownHook(server.onExit);
            try {
                server.launch();
            } catch (IOException | RuntimeException e) {
                server.stop();
                Runtime.getRuntime().removeShutdownHook(server.onExit);
                throw e;
            }
            return server;
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                ServerFiles.delete(dir);
            }
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("cannot start MariaDB", e);
        }
    }

    private synchronized void launch() throws IOException {
        Files.deleteIfExists(dir.resolve("error.log"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
        this.process = process;
        Path log = dir.resolve("error.log");
        try {
            // "ready for connections" comes after the init file has run; before it a login may fail.
            Awaitility.await("MariaDB ready on 127.0.0.1:" + port).atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ": " + ServerFiles.tail(log));
                        }
                        return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("ready for connections")
                                && accepts(port);
                    });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("MariaDB not ready within " + READY_WITHIN + ": " + ServerFiles.tail(log), e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code jdbc:mariadb://127.0.0.1:<port>/vigil}, the form users write in checks. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server, keeping its data; clients then see connections refused on {@link #port()}. */
    public synchronized void stop() {
        Process process = this.process;
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        this.process = null;
    }

    /** Starts a stopped server again on the same port and data. */
    public void restart() {
        if (isRunning()) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart MariaDB", e);
        }
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

    private static boolean runAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, Path log, Duration within) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + within + ": " + ServerFiles.tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed with " + p.exitValue() + ": " + ServerFiles.tail(log));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
