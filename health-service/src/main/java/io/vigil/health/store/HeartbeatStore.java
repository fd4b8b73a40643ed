package io.vigil.health.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.Json;
import io.vigil.health.heartbeat.DuplicatiReport;
import io.vigil.health.heartbeat.PushState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Push checks' tokens ({@code health.heartbeat_tokens}) and what their calls left behind
 * ({@code health.heartbeats}), so a restart or a redeploy keeps both the URLs jobs call and the
 * time of their last call.
 */
@ApplicationScoped
public class HeartbeatStore {

    private final Pool pool;

    public HeartbeatStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The check's token: {@code fromFile} when the file names one (it replaces a stored one), else
     * the stored one, else {@code generated}, stored now.
     */
    public Uni<String> token(String check, String fromFile, String generated) {
        if (fromFile != null) {
            return pool.preparedQuery("INSERT INTO health.heartbeat_tokens (check_name, token) VALUES ($1, $2)"
                            + " ON CONFLICT (check_name) DO UPDATE SET token = EXCLUDED.token RETURNING token")
                    .execute(Tuple.of(check, fromFile))
                    .map(rows -> rows.iterator().next().getString("token"));
        }
        return pool.preparedQuery("INSERT INTO health.heartbeat_tokens (check_name, token) VALUES ($1, $2)"
                        + " ON CONFLICT (check_name) DO NOTHING").execute(Tuple.of(check, generated))
                .chain(() -> pool.preparedQuery("SELECT token FROM health.heartbeat_tokens WHERE check_name = $1")
                        .execute(Tuple.of(check)))
                .map(rows -> rows.iterator().next().getString("token"));
    }

    /** Every stored push state, by check name. */
    public Uni<Map<String, PushState>> states() {
        return pool.query("SELECT check_name, last_ping_at, last_success_at, last_report::text AS last_report"
                + " FROM health.heartbeats").execute().map(rows -> {
                    Map<String, PushState> states = new HashMap<>();
                    for (Row r : rows) {
                        states.put(r.getString("check_name"), new PushState(instant(r, "last_ping_at"),
                                instant(r, "last_success_at"), report(r.getString("last_report"))));
                    }
                    return states;
                });
    }

    public Uni<Void> save(String check, PushState state) {
        return pool.preparedQuery("INSERT INTO health.heartbeats (check_name, last_ping_at, last_success_at, last_report)"
                        + " VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT (check_name) DO UPDATE SET"
                        + " last_ping_at = EXCLUDED.last_ping_at, last_success_at = EXCLUDED.last_success_at,"
                        + " last_report = EXCLUDED.last_report")
                .execute(Tuple.of(check, CheckStore.timeOrNull(state.lastPing()),
                        CheckStore.timeOrNull(state.lastSuccess()), write(state.lastReport())))
                .replaceWithVoid();
    }

    /** Forgets a deleted check's token and calls. */
    public Uni<Void> delete(String check) {
        return pool.preparedQuery("DELETE FROM health.heartbeat_tokens WHERE check_name = $1").execute(Tuple.of(check))
                .chain(() -> pool.preparedQuery("DELETE FROM health.heartbeats WHERE check_name = $1")
                        .execute(Tuple.of(check)))
                .replaceWithVoid();
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static String write(DuplicatiReport report) {
        if (report == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a backup report", e);
        }
    }

    private static DuplicatiReport report(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, DuplicatiReport.class);
        } catch (JsonProcessingException e) {
            // A report this version cannot read back only loses the details of the last report.
            return null;
        }
    }
}
