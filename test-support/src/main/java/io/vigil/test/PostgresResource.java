package io.vigil.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL for a Quarkus test: a fresh server on a random loopback port with an empty
 * database, whose JDBC (Flyway) and reactive (runtime) URLs are handed to the application.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedPostgresServer server;
    private static volatile String database;

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer started = EmbeddedPostgresServer.start();
        database = started.createDatabase("vigil_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        server = started;
        return Map.of(
                "quarkus.datasource.jdbc.url", started.jdbcUrl(database),
                "quarkus.datasource.reactive.url", started.reactiveUrl(database),
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** A JDBC connection to the application's database, for assertions on stored rows. */
    public static Connection connect() throws SQLException {
        EmbeddedPostgresServer s = server;
        if (s == null) {
            throw new IllegalStateException("PostgresResource is not started: annotate the test with @QuarkusTestResource(PostgresResource.class)");
        }
        return DriverManager.getConnection(s.jdbcUrl(database), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }
}
