package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.mysqlclient.SslMode;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vigil.config.CheckConfig;
import io.vigil.config.DatabaseCheck;
import io.vigil.events.HealthStatus;
import io.vigil.health.guard.TargetGuard;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: postgres} and {@code type: mysql} (MariaDB answers as mysql): logs in to the address
 * {@link TargetGuard} approved with Vert.x' non-blocking clients, runs the query, closes. One
 * connection per run and no pool: a check must see a login fail the moment it fails.
 */
@Singleton
public class DatabaseProbe implements Probe {

    private final Vertx vertx;
    private final TargetGuard guard;

    @Inject
    public DatabaseProbe(Vertx vertx, TargetGuard guard) {
        this.vertx = vertx;
        this.guard = guard;
    }

    @Override
    public Uni<ProbeResult> run(CheckConfig check) {
        if (!(check.kind() instanceof DatabaseCheck db)) {
            throw new IllegalArgumentException(check.name() + ": not a database check (" + check.type() + ")");
        }
        List<String> secrets = new ArrayList<>();
        if (db.password() != null) {
            secrets.add(db.password());
        }
        int connectTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, check.timeout().toMillis()));
        return ProbeRun.start(vertx, check.timeout(), secrets, run -> guard.address(db.host()).onComplete(resolved -> {
            if (run.done()) {
                return;
            }
            if (resolved.failed()) {
                run.fail(resolved.cause());
                return;
            }
            InetAddress ip = resolved.result();
            run.detail("address", ip.getHostAddress());
            connect(db, ip, connectTimeout).onComplete(connected -> {
                if (connected.failed()) {
                    Throwable cause = connected.cause();
                    // The server's own words (wrong password, unknown database) say most.
                    run.finish(HealthStatus.DOWN, cause instanceof DatabaseException
                            ? "login failed: " + cause.getMessage() : Failures.describe(cause));
                    return;
                }
                SqlConnection connection = connected.result();
                run.hold(connection::close);
                if (run.done()) {
                    return;
                }
                connection.query(db.query()).execute().onComplete(queried -> {
                    if (queried.failed()) {
                        Throwable cause = queried.cause();
                        run.finish(HealthStatus.DOWN, "query failed: " + (cause instanceof DatabaseException
                                ? cause.getMessage() : Failures.describe(cause)));
                    } else {
                        int rows = queried.result().size();
                        run.finish(ProbeResult.up(run.elapsedMillis(), "query returned " + rows
                                + (rows == 1 ? " row" : " rows"), Map.of("rows", Integer.toString(rows))));
                    }
                });
            });
        }));
    }

    private Future<SqlConnection> connect(DatabaseCheck db, InetAddress ip, int connectTimeoutMillis) {
        if (db.database() == DatabaseCheck.Database.POSTGRES) {
            PgConnectOptions options = new PgConnectOptions()
                    .setDatabase(db.databaseName() != null ? db.databaseName()
                            : db.user() != null ? db.user() : "postgres"); // libpq's default: the user's name
            configure(options, db, ip, connectTimeoutMillis, "postgres");
            return PgConnection.connect(vertx, options).map(c -> c);
        }
        MySQLConnectOptions options = new MySQLConnectOptions()
                .setDatabase(db.databaseName() != null ? db.databaseName() : "")
                .setSslMode(SslMode.DISABLED);
        configure(options, db, ip, connectTimeoutMillis, "root");
        return MySQLConnection.connect(vertx, options).map(c -> c);
    }

    private static void configure(SqlConnectOptions options, DatabaseCheck db, InetAddress ip, int connectTimeoutMillis,
            String defaultUser) {
        options.setHost(ip.getHostAddress())
                .setPort(db.port() > 0 ? db.port() : db.database().defaultPort())
                .setUser(db.user() != null ? db.user() : defaultUser)
                .setPassword(db.password() != null ? db.password() : "")
                // A check is one query: nothing to cache or reconnect.
                .setCachePreparedStatements(false)
                .setReconnectAttempts(0);
        options.setConnectTimeout(connectTimeoutMillis);
    }
}
