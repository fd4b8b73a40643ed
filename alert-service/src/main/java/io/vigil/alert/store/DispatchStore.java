package io.vigil.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.AlertState;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The dispatcher's SQL: the queue of changes to tell, the notification groups, what each alert
 * was told. Every round runs in one transaction under an advisory lock, so one dispatcher at a
 * time (of any instance) decides, and a crash mid-round leaves everything as it was.
 */
@ApplicationScoped
public class DispatchStore {

    /** Any constant: the key of the advisory lock one dispatcher at a time holds. */
    static final long DISPATCH_LOCK = 0x7669_6769_6c64_6973L;
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final Pool pool;

    public DispatchStore(Pool pool) {
        this.pool = pool;
    }

    /** A queued change not yet grouped, with what the dispatcher needs of its alert. */
    public record NewItem(long queueId, UUID alertId, String kind, GroupedAlert item, String reason, String rule,
            Severity severity, AlertState state, Map<String, String> labels, AlertState notified,
            UUID inhibitedBy) {
    }

    /** A queued change of a group that is due, with what its alert was told. */
    public record GroupItem(long queueId, GroupedAlert item, String reason, AlertState notified,
            Severity notifiedSeverity, AlertState state, boolean acknowledged) {
    }

    /** A group due to post. */
    public record DueGroup(String key, String route, Map<String, String> labels, long flushes) {
    }

    /** An alert for inhibition: firing, or held back by an inhibitor. */
    public record AlertLabels(UUID alertId, String rule, Severity severity, Map<String, String> labels,
            String fingerprint, long sequence, double value, String summary, Instant since) {
    }

    /**
     * Runs one round in a transaction holding the dispatch lock; {@code -1} when another
     * dispatcher holds it.
     */
    public Uni<Integer> round(Function<SqlConnection, Uni<Integer>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(DISPATCH_LOCK))
                .chain(lock -> lock.iterator().next().getBoolean("locked") ? work.apply(conn)
                        : Uni.createFrom().item(-1)));
    }

    public Uni<List<NewItem>> newItems(SqlConnection conn, int limit) {
        return conn.preparedQuery("""
                        SELECT q.id, q.alert_id, q.kind, q.item::text AS item, q.reason, a.rule, a.severity, a.state,
                               a.labels::text AS labels, a.notified_state, a.inhibited_by
                        FROM alert.dispatch_queue q JOIN alert.alerts a ON a.id = q.alert_id
                        WHERE q.group_key IS NULL ORDER BY q.id LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<NewItem> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new NewItem(r.getLong("id"), r.getUUID("alert_id"), r.getString("kind"),
                                item(r.getString("item")), r.getString("reason"), r.getString("rule"),
                                Severity.valueOf(r.getString("severity")), AlertState.valueOf(r.getString("state")),
                                labels(r.getString("labels")), told(r.getString("notified_state")),
                                r.getUUID("inhibited_by")));
                    }
                    return out;
                });
    }

    /** Every firing alert: the candidates that may inhibit others. */
    public Uni<List<AlertLabels>> firing(SqlConnection conn) {
        return alerts(conn, "WHERE state = 'FIRING'", Tuple.tuple());
    }

    /** The firing alerts an alert held back. */
    public Uni<List<AlertLabels>> inhibitedBy(SqlConnection conn, UUID inhibitor) {
        return alerts(conn, "WHERE inhibited_by = $1 AND state = 'FIRING'", Tuple.of(inhibitor));
    }

    private Uni<List<AlertLabels>> alerts(SqlConnection conn, String where, Tuple args) {
        return conn.preparedQuery("SELECT id, rule, severity, labels::text AS labels, fingerprint, sequence, value, "
                        + "summary, starts_at FROM alert.alerts " + where)
                .execute(args)
                .map(rows -> {
                    List<AlertLabels> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AlertLabels(r.getUUID("id"), r.getString("rule"),
                                Severity.valueOf(r.getString("severity")), labels(r.getString("labels")),
                                r.getString("fingerprint"), r.getLong("sequence"), r.getDouble("value"),
                                r.getString("summary"), instant(r, "starts_at")));
                    }
                    return out;
                });
    }

    /** Drops a queued change that nobody is told about, and records why on its alert. */
    public Uni<Void> mute(SqlConnection conn, long queueId, UUID alertId, String reason, UUID inhibitor) {
        return conn.preparedQuery("DELETE FROM alert.dispatch_queue WHERE id = $1").execute(Tuple.of(queueId))
                .chain(() -> conn.preparedQuery("""
                                UPDATE alert.alerts SET muted_reason = $2, inhibited_by = $3 WHERE id = $1""")
                        .execute(Tuple.of(alertId, reason, inhibitor)))
                .replaceWithVoid();
    }

    /** Sets an alert's inhibitor (another one now holds it back). */
    public Uni<Void> holdBack(SqlConnection conn, UUID alertId, String reason, UUID inhibitor) {
        return conn.preparedQuery("UPDATE alert.alerts SET muted_reason = $2, inhibited_by = $3 WHERE id = $1")
                .execute(Tuple.of(alertId, reason, inhibitor)).replaceWithVoid();
    }

    /** Queues a change that is not a transition (a reminder, an inhibitor that cleared). */
    public Uni<Void> enqueue(SqlConnection conn, GroupedAlert item, String reason) {
        return conn.preparedQuery("""
                        INSERT INTO alert.dispatch_queue (alert_id, sequence, kind, item, reason)
                        VALUES ($1, $2, $3, $4::text::jsonb, $5)""")
                .execute(Tuple.from(Arrays.asList(item.alertId(), item.sequence(), item.kind().name(),
                        Json.write(item), reason)))
                .replaceWithVoid();
    }

    /**
     * Puts a queued change into its group and sets when the group posts: a new group (or one idle
     * for longer than its interval) after {@code groupWait}; a group that posted recently at its
     * last post plus {@code groupInterval}; a group already due keeps its time.
     */
    public Uni<Void> assign(SqlConnection conn, NewItem item, String route, String key, Map<String, String> groupLabels,
            Instant now, java.time.Duration groupWait, java.time.Duration groupInterval) {
        return conn.preparedQuery("UPDATE alert.dispatch_queue SET group_key = $2 WHERE id = $1")
                .execute(Tuple.of(item.queueId(), key))
                .chain(() -> conn.preparedQuery("""
                                UPDATE alert.alerts SET route = $2, group_key = $3, muted_reason = NULL,
                                    inhibited_by = NULL WHERE id = $1""")
                        .execute(Tuple.of(item.alertId(), route, key)))
                .chain(() -> conn.preparedQuery(
                                "SELECT flush_at, last_flush_at FROM alert.notification_groups WHERE key = $1 FOR UPDATE")
                        .execute(Tuple.of(key)))
                .chain(rows -> {
                    Instant flushAt;
                    if (rows.size() == 0) {
                        flushAt = now.plus(groupWait);
                    } else {
                        Row r = rows.iterator().next();
                        Instant due = instant(r, "flush_at");
                        Instant last = instant(r, "last_flush_at");
                        if (due != null) {
                            flushAt = due;
                        } else if (last == null || last.plus(groupInterval).isBefore(now)) {
                            flushAt = now.plus(groupWait);
                        } else {
                            flushAt = last.plus(groupInterval);
                        }
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO alert.notification_groups (key, route, labels, flush_at)
                                    VALUES ($1, $2, $3::text::jsonb, $4)
                                    ON CONFLICT (key) DO UPDATE SET flush_at = EXCLUDED.flush_at""")
                            .execute(Tuple.of(key, route, Json.write(groupLabels), time(flushAt)));
                })
                .replaceWithVoid();
    }

    public Uni<List<DueGroup>> dueGroups(SqlConnection conn, Instant now, int limit) {
        return conn.preparedQuery("""
                        SELECT key, route, labels::text AS labels, flushes FROM alert.notification_groups
                        WHERE flush_at <= $1 ORDER BY flush_at LIMIT $2 FOR UPDATE""")
                .execute(Tuple.of(time(now), limit))
                .map(rows -> {
                    List<DueGroup> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DueGroup(r.getString("key"), r.getString("route"), labels(r.getString("labels")),
                                r.getLong("flushes")));
                    }
                    return out;
                });
    }

    public Uni<List<GroupItem>> groupItems(SqlConnection conn, String key) {
        return conn.preparedQuery("""
                        SELECT q.id, q.item::text AS item, q.reason, a.notified_state, a.notified_severity, a.state,
                               a.acknowledged_at IS NOT NULL AS acknowledged
                        FROM alert.dispatch_queue q JOIN alert.alerts a ON a.id = q.alert_id
                        WHERE q.group_key = $1 ORDER BY q.id""")
                .execute(Tuple.of(key))
                .map(rows -> {
                    List<GroupItem> out = new ArrayList<>();
                    for (Row r : rows) {
                        String sev = r.getString("notified_severity");
                        out.add(new GroupItem(r.getLong("id"), item(r.getString("item")), r.getString("reason"),
                                told(r.getString("notified_state")), sev == null ? null : Severity.valueOf(sev),
                                AlertState.valueOf(r.getString("state")), r.getBoolean("acknowledged")));
                    }
                    return out;
                });
    }

    /** How many alerts of the group fire now. */
    public Uni<Integer> firingInGroup(SqlConnection conn, String key) {
        return conn.preparedQuery("SELECT count(*) AS n FROM alert.alerts WHERE group_key = $1 AND state = 'FIRING'")
                .execute(Tuple.of(key))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /** Records what an alert was told; a firing one that is not acknowledged gets its next reminder time. */
    public Uni<Void> told(SqlConnection conn, UUID alertId, AlertState state, Severity severity, Instant now,
            Instant nextReminder) {
        return conn.preparedQuery("""
                        UPDATE alert.alerts SET notified_state = $2, notified_severity = $3, notified_at = $4,
                            muted_reason = NULL,
                            next_reminder_at = CASE WHEN state = 'FIRING' AND acknowledged_at IS NULL THEN $5
                                                    ELSE next_reminder_at END
                        WHERE id = $1""")
                .execute(Tuple.from(Arrays.asList(alertId, toldText(state), severity == null ? null : severity.name(),
                        time(now), time(nextReminder))))
                .replaceWithVoid();
    }

    /** Removes the group's processed changes and records the post (if one went out). */
    public Uni<Void> flushed(SqlConnection conn, String key, List<Long> queueIds, boolean posted, Instant now) {
        return conn.preparedQuery("DELETE FROM alert.dispatch_queue WHERE id = ANY($1)")
                .execute(Tuple.of(queueIds.toArray(Long[]::new)))
                .chain(() -> posted
                        ? conn.preparedQuery("""
                                        UPDATE alert.notification_groups SET flush_at = NULL, last_flush_at = $2,
                                            flushes = flushes + 1 WHERE key = $1""")
                                .execute(Tuple.of(key, time(now)))
                        : conn.preparedQuery("UPDATE alert.notification_groups SET flush_at = NULL WHERE key = $1")
                                .execute(Tuple.of(key)))
                .replaceWithVoid();
    }

    public Uni<Void> publish(SqlConnection conn, String topic, String key, String payload) {
        return conn.preparedQuery("INSERT INTO alert.outbox (topic, record_key, payload) VALUES ($1, $2, $3)")
                .execute(Tuple.of(topic, key, payload)).replaceWithVoid();
    }

    /** Firing, unacknowledged alerts whose reminder is due, with their route; locked for this round. */
    public Uni<List<Reminder>> dueReminders(SqlConnection conn, Instant now, int limit) {
        return conn.preparedQuery("""
                        SELECT id, fingerprint, rule, severity, labels::text AS labels, value, summary, starts_at,
                               sequence, route
                        FROM alert.alerts
                        WHERE state = 'FIRING' AND acknowledged_at IS NULL AND next_reminder_at <= $1
                        ORDER BY next_reminder_at LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(time(now), limit))
                .map(rows -> {
                    List<Reminder> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Reminder(new AlertLabels(r.getUUID("id"), r.getString("rule"),
                                Severity.valueOf(r.getString("severity")), labels(r.getString("labels")),
                                r.getString("fingerprint"), r.getLong("sequence"), r.getDouble("value"),
                                r.getString("summary"), instant(r, "starts_at")), r.getString("route")));
                    }
                    return out;
                });
    }

    /** A reminder that is due. */
    public record Reminder(AlertLabels alert, String route) {
    }

    public Uni<Void> nextReminder(SqlConnection conn, UUID alertId, Instant next) {
        return conn.preparedQuery("UPDATE alert.alerts SET next_reminder_at = $2 WHERE id = $1")
                .execute(Tuple.of(alertId, time(next))).replaceWithVoid();
    }

    // What an alert was told is stored as FIRING, RESOLVED, or FLAPPING (told that it flaps, which
    // the dispatcher handles as "its recovery is worth telling": AlertState.PENDING in Java).
    private static AlertState told(String text) {
        if (text == null) {
            return null;
        }
        return text.equals("FLAPPING") ? AlertState.PENDING : AlertState.valueOf(text);
    }

    private static String toldText(AlertState state) {
        return state == null ? null : state == AlertState.PENDING ? "FLAPPING" : state.name();
    }

    private static GroupedAlert item(String json) {
        return Json.read(json, GroupedAlert.class);
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static Map<String, String> labels(String json) {
        try {
            return Json.mapper().readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert.alerts holds labels that are not a JSON object: " + json, e);
        }
    }
}
