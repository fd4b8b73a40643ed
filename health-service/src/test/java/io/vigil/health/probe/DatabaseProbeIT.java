package io.vigil.health.probe;

import static io.vigil.health.probe.TestTargets.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vigil.config.DatabaseCheck;
import io.vigil.config.DatabaseCheck.Database;
import io.vigil.events.HealthStatus;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.MariaDbServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseProbeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PG_USER = "probe";
    private static final String PG_PASSWORD = "pg-probe-secret-7";
    private static final String WRONG_PASSWORD = "wrong-secret-9f3";

    private static Vertx vertx;
    private static DatabaseProbe probe;
    private static EmbeddedPostgresServer postgres;
    private static MariaDbServer mariadb;

    @BeforeAll
    static void startServers() throws Exception {
        vertx = Vertx.vertx();
        probe = new DatabaseProbe(vertx, TestTargets.lenientGuard());
        postgres = EmbeddedPostgresServer.start();
        requirePasswordFor(PG_USER, PG_PASSWORD);
        mariadb = MariaDbServer.start();
    }

    /**
     * The embedded server trusts every local login (initdb -A trust), so a wrong password would
     * pass. Give {@code user} a password and make the server ask for it over TCP; the test-support
     * superuser keeps its trusted login.
     */
    private static void requirePasswordFor(String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            String hbaFile;
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            s.execute("COPY (SELECT line FROM (VALUES"
                    + " (1, 'local all all trust'),"
                    + " (2, 'host all " + user + " 127.0.0.1/32 scram-sha-256'),"
                    + " (3, 'host all " + user + " ::1/128 scram-sha-256'),"
                    + " (4, 'host all all 127.0.0.1/32 trust'),"
                    + " (5, 'host all all ::1/128 trust')) AS t(n, line) ORDER BY n) TO '" + hbaFile + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        // The reload is a signal; wait until the server really asks for the password.
        await("pg_hba.conf reloaded").atMost(Duration.ofSeconds(20)).until(() -> {
            try (Connection ignored = DriverManager.getConnection(postgres.jdbcUrl("postgres"), user, "not-" + password)) {
                return false;
            } catch (SQLException e) {
                return true;
            }
        });
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            if (mariadb != null) {
                mariadb.close();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static DatabaseCheck pg(int port, String password, String query) {
        return new DatabaseCheck(Database.POSTGRES, "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "127.0.0.1", port,
                "postgres", PG_USER, password, query);
    }

    private static DatabaseCheck maria(int port, String password, String query) {
        return new DatabaseCheck(Database.MYSQL, "jdbc:mariadb://127.0.0.1:" + port + "/" + MariaDbServer.DATABASE,
                "127.0.0.1", port, MariaDbServer.DATABASE, MariaDbServer.USER, password, query);
    }

    private static ProbeResult run(DatabaseCheck db) {
        return probe.run(check(db, TIMEOUT)).await().atMost(TIMEOUT.plusSeconds(10));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void postgresUpWhenTheQueryRuns() {
        ProbeResult r = run(pg(postgres.port(), PG_PASSWORD, null));

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.message()).isEqualTo("query returned 1 row");
        assertThat(r.details()).containsEntry("address", "127.0.0.1").containsEntry("rows", "1");
    }

    @Test
    void postgresDownWithTheServersMessageOnAWrongPasswordWhichNeverAppears() {
        ProbeResult r = run(pg(postgres.port(), WRONG_PASSWORD, null));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("login failed: ").contains("password authentication failed for user \"probe\"");
        assertThat(r.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(PG_PASSWORD);
    }

    @Test
    void postgresDownWhenTheQueryFails() {
        ProbeResult r = run(pg(postgres.port(), PG_PASSWORD, "SELECT * FROM no_such_table"));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("query failed: ").contains("no_such_table");
    }

    @Test
    void postgresDownWhenNothingListens() throws Exception {
        ProbeResult r = run(pg(closedPort(), PG_PASSWORD, null));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("connection refused");
    }

    @Test
    void mariaDbUpWhenTheQueryRuns() {
        ProbeResult r = run(maria(mariadb.port(), MariaDbServer.PASSWORD, "SELECT 1 UNION SELECT 2"));

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.message()).isEqualTo("query returned 2 rows");
    }

    @Test
    void mariaDbDownWithTheServersMessageOnAWrongPasswordWhichNeverAppears() {
        ProbeResult r = run(maria(mariadb.port(), WRONG_PASSWORD, null));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("login failed: ").contains("Access denied for user 'vigil'");
        assertThat(r.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(MariaDbServer.PASSWORD);
    }

    @Test
    void mariaDbDownWhenTheServerIsStopped() {
        try (MariaDbServer stopped = MariaDbServer.start()) {
            ProbeResult before = run(maria(stopped.port(), MariaDbServer.PASSWORD, null));
            stopped.stop();

            ProbeResult after = run(maria(stopped.port(), MariaDbServer.PASSWORD, null));

            assertThat(before.status()).isEqualTo(HealthStatus.UP);
            assertThat(after.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(after.message()).isEqualTo("connection refused");
        }
    }

    @Test
    void refusedByTheGuardBeforeConnecting() {
        DatabaseProbe strict = new DatabaseProbe(vertx, TestTargets.strictGuard());

        ProbeResult r = strict.run(check(pg(postgres.port(), PG_PASSWORD, null), TIMEOUT)).await().atMost(TIMEOUT.plusSeconds(10));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("refused: 127.0.0.1 is a loopback address");
    }
}
