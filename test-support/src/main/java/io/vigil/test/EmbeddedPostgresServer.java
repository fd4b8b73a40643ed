package io.vigil.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL server (binaries shipped in a Maven artifact) on a random loopback port, in
 * a temp directory that is removed on close.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private volatile EmbeddedPostgres postgres;
    /** Set for a server that can be stopped and started again on the same port and data. */
    private final EmbeddedPostgres.Builder restartable;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, EmbeddedPostgres.Builder restartable, Path dataDir) {
        this.postgres = postgres;
        this.restartable = restartable;
        this.dataDir = dataDir;
    }

    public static EmbeddedPostgresServer start() {
        try {
            return new EmbeddedPostgresServer(builder().start(), null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL server", e);
        }
    }

    /**
     * A server whose data directory outlives {@link #stop()}: {@link #restart()} brings it back on
     * the same port with the same data, as after an outage. {@link #close()} removes the data.
     */
    public static EmbeddedPostgresServer startRestartable() {
        try {
            Path dir = Files.createTempDirectory("vigil-pg-");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            EmbeddedPostgres.Builder b = builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port);
            return new EmbeddedPostgresServer(b.start(), b, dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL server", e);
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setPGStartupWait(Duration.ofSeconds(30));
    }

    /** Stops a restartable server, keeping its data; clients see connections refused. */
    public void stop() {
        requireRestartable();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the embedded PostgreSQL server", e);
        }
    }

    /** Starts a stopped restartable server again on the same port and data. */
    public void restart() {
        requireRestartable();
        try {
            postgres = restartable.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the embedded PostgreSQL server", e);
        }
    }

    private void requireRestartable() {
        if (restartable == null) {
            throw new IllegalStateException("this server was not started with startRestartable()");
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates an empty database and returns its name; each test application gets its own. */
    public String createDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The environment that points a packaged service (Flyway over JDBC, reactive client at run time) at {@code database}. */
    public Map<String, String> datasourceEnvironment(String database) {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database),
                "QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", USER,
                "QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the embedded PostgreSQL server", e);
        } finally {
            if (dataDir != null) {
                try (Stream<Path> paths = Files.walk(dataDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // A leftover temp directory is harmless; the server is stopped.
                }
            }
        }
    }
}
