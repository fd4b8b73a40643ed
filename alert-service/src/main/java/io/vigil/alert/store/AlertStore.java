package io.vigil.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.SeenSeries;
import io.vigil.events.AlertState;
import io.vigil.events.Json;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The alert lifecycle in PostgreSQL (schema {@code alert}), written with the reactive client.
 * One transaction per consumed batch writes, together: the offsets the batch advances to (fenced
 * by the partition's epoch), every transition (alert rows plus one event row each) and the
 * records to publish (the outbox). Only transitions are written, never samples.
 */
@ApplicationScoped
public class AlertStore {

    /** Any constant: the key of the advisory lock that lets one relay at a time publish the outbox, in order. */
    static final long RELAY_LOCK = 0x7669_6769_6c6f_7574L;
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final Pool pool;

    public AlertStore(Pool pool) {
        this.pool = pool;
    }

    /** The id of the stored event for transition {@code sequence} of an alert; the same on every replay. */
    public static UUID eventIdFor(UUID alertId, long sequence) {
        return UUID.nameUUIDFromBytes(("alert-event/" + alertId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Takes over a partition: a new epoch (fencing out whoever held it before), the offset to go on
     * from, and the open alerts of the partition, read in the same transaction.
     */
    public Uni<PartitionClaim> claim(String topic, int partition, String owner) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO alert.partition_state (topic, partition, next_offset, owner, epoch)
                        VALUES ($1, $2, -1, $3, 1)
                        ON CONFLICT (topic, partition) DO UPDATE
                        SET epoch = partition_state.epoch + 1, owner = EXCLUDED.owner, updated_at = now()
                        RETURNING epoch, next_offset""")
                .execute(Tuple.of(topic, partition, owner))
                .chain(claimed -> {
                    Row row = claimed.iterator().next();
                    long epoch = row.getLong("epoch");
                    long next = row.getLong("next_offset");
                    return openAlerts(conn, topic, partition).chain(open -> seenSeries(conn, topic, partition)
                            .map(seen -> new PartitionClaim(partition, epoch, next, open, seen)));
                }));
    }

    private Uni<List<OpenAlert>> openAlerts(SqlConnection conn, String topic, int partition) {
        return conn.preparedQuery("""
                        SELECT id, fingerprint, rule, labels::text AS labels, state, severity, sequence, starts_at,
                               updated_at, value, summary, flapping
                        FROM alert.alerts
                        WHERE state <> 'RESOLVED' AND source_topic = $1 AND source_partition = $2""")
                .execute(Tuple.of(topic, partition))
                .map(rows -> {
                    List<OpenAlert> open = new ArrayList<>();
                    for (Row r : rows) {
                        open.add(new OpenAlert(r.getUUID("id"), r.getString("fingerprint"), r.getString("rule"),
                                labels(r.getString("labels")), AlertState.valueOf(r.getString("state")),
                                Severity.valueOf(r.getString("severity")), r.getLong("sequence"),
                                instant(r, "starts_at"), instant(r, "updated_at"), r.getDouble("value"),
                                r.getString("summary"), r.getBoolean("flapping")));
                    }
                    return open;
                });
    }

    private Uni<List<SeenSeries>> seenSeries(SqlConnection conn, String topic, int partition) {
        return conn.preparedQuery("""
                        SELECT rule, series_key, labels::text AS labels, last_seen, interval_ms
                        FROM alert.series_seen WHERE topic = $1 AND partition = $2""")
                .execute(Tuple.of(topic, partition))
                .map(rows -> {
                    List<SeenSeries> seen = new ArrayList<>();
                    for (Row r : rows) {
                        seen.add(new SeenSeries(r.getString("rule"), r.getString("series_key"),
                                labels(r.getString("labels")), instant(r, "last_seen"), r.getLong("interval_ms")));
                    }
                    return seen;
                });
    }

    /**
     * Stores a batch's writes in one transaction. Fails with {@link FencedException} (nothing
     * stored) when any partition's epoch has been replaced by another claim.
     */
    public Uni<Void> commit(String topic, List<PartitionWrite> writes, TransitionRecords records) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> fence(conn, topic, writes).chain(() -> {
            List<Tuple> outbox = new ArrayList<>();
            List<Tuple> queue = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PartitionWrite w : writes) {
                for (Transition t : w.transitions()) {
                    chain = chain.chain(() -> write(conn, t, topic, w.partition()).invoke(stored -> {
                        for (OutboxRecord r : records.outbox(stored)) {
                            outbox.add(Tuple.of(r.topic(), r.key(), r.payload()));
                        }
                        records.queueItem(stored).ifPresent(q -> queue.add(Tuple.from(Arrays.asList(stored.alertId(),
                                stored.sequence(), q.kind(), q.itemJson(), q.reason()))));
                    }).replaceWithVoid());
                }
                chain = chain.chain(() -> writeSeen(conn, topic, w));
            }
            chain = chain.chain(() -> outbox.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery(
                            "INSERT INTO alert.outbox (topic, record_key, payload) VALUES ($1, $2, $3)")
                    .executeBatch(outbox).replaceWithVoid());
            return chain.chain(() -> queue.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                            INSERT INTO alert.dispatch_queue (alert_id, sequence, kind, item, reason)
                            VALUES ($1, $2, $3, $4::text::jsonb, $5)""")
                    .executeBatch(queue).replaceWithVoid());
        }));
    }

    private Uni<Void> writeSeen(SqlConnection conn, String topic, PartitionWrite w) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!w.seen().isEmpty()) {
            List<Tuple> rows = new ArrayList<>();
            for (SeenSeries s : w.seen()) {
                rows.add(Tuple.from(Arrays.asList(s.rule(), s.key(), topic, w.partition(), json(s.labels()),
                        time(s.lastSeen()), s.intervalMillis())));
            }
            chain = chain.chain(() -> conn.preparedQuery("""
                            INSERT INTO alert.series_seen (rule, series_key, topic, partition, labels, last_seen,
                                interval_ms)
                            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7)
                            ON CONFLICT (rule, series_key) DO UPDATE SET topic = EXCLUDED.topic,
                                partition = EXCLUDED.partition,
                                last_seen = GREATEST(series_seen.last_seen, EXCLUDED.last_seen),
                                interval_ms = EXCLUDED.interval_ms""")
                    .executeBatch(rows).replaceWithVoid());
        }
        if (!w.forgotten().isEmpty()) {
            List<Tuple> rows = new ArrayList<>();
            for (SeenSeries s : w.forgotten()) {
                rows.add(Tuple.of(s.rule(), s.key()));
            }
            chain = chain.chain(() -> conn.preparedQuery(
                            "DELETE FROM alert.series_seen WHERE rule = $1 AND series_key = $2")
                    .executeBatch(rows).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> fence(SqlConnection conn, String topic, List<PartitionWrite> writes) {
        Set<Integer> fenced = new LinkedHashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PartitionWrite w : writes) {
            chain = chain.chain(() -> conn.preparedQuery("""
                            UPDATE alert.partition_state SET next_offset = GREATEST(next_offset, $3), updated_at = now()
                            WHERE topic = $1 AND partition = $2 AND epoch = $4""")
                    .execute(Tuple.of(topic, w.partition(), w.nextOffset(), w.epoch()))
                    .invoke(rows -> {
                        if (rows.rowCount() == 0) {
                            fenced.add(w.partition());
                        }
                    })
                    .replaceWithVoid());
        }
        return chain.invoke(() -> {
            if (!fenced.isEmpty()) {
                throw new FencedException(fenced);
            }
        });
    }

    /**
     * Writes one transition and returns it under the sequence it was stored with. The row's
     * sequence counter is the authority (acknowledgements through the API advance it too), so an
     * update always increments it in SQL.
     */
    private Uni<Transition> write(SqlConnection conn, Transition t, String topic, int partition) {
        Uni<Transition> stored;
        boolean flapping = t.notice() == Transition.Notice.FLAPPING || t.notice() == Transition.Notice.QUIET;
        if (t.from() == null) {
            stored = supersede(conn, t, topic, partition).chain(() -> conn.preparedQuery("""
                            INSERT INTO alert.alerts (id, fingerprint, rule, state, severity, labels, value, summary,
                                starts_at, fired_at, resolved_at, updated_at, sequence, source_topic, source_partition,
                                flapping, muted_reason)
                            VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                                $17)""")
                    .execute(Tuple.from(Arrays.asList(t.alertId(), t.fingerprint(), t.rule(), t.to().name(),
                            t.severity().name(), json(t.labels()), t.value(), t.summary(), time(t.since()),
                            t.to() == AlertState.FIRING ? time(t.at()) : null,
                            t.to() == AlertState.RESOLVED ? time(t.at()) : null, time(t.at()), t.sequence(),
                            topic, partition, flapping, flapping ? "flapping" : null))))
                    .replaceWith(t);
        } else if (t.from() == t.to()) {
            // Not a state change: the series became stable after flapping.
            stored = conn.preparedQuery("""
                            UPDATE alert.alerts SET sequence = sequence + 1, flapping = false, muted_reason = NULL
                            WHERE id = $1 RETURNING sequence""")
                    .execute(Tuple.of(t.alertId()))
                    .map(rows -> t.withSequence(rows.iterator().next().getLong("sequence")));
        } else {
            stored = conn.preparedQuery("""
                            UPDATE alert.alerts SET state = $2, severity = $3, value = $4, summary = $5,
                                fired_at = CASE WHEN $2 = 'FIRING' THEN COALESCE(fired_at, $6) ELSE fired_at END,
                                resolved_at = CASE WHEN $2 = 'RESOLVED' THEN $6 ELSE resolved_at END,
                                next_reminder_at = CASE WHEN $2 = 'RESOLVED' THEN NULL ELSE next_reminder_at END,
                                flapping = flapping OR $7,
                                muted_reason = CASE WHEN $7 THEN 'flapping' ELSE muted_reason END,
                                updated_at = $6, sequence = sequence + 1
                            WHERE id = $1 RETURNING sequence""")
                    .execute(Tuple.from(Arrays.asList(t.alertId(), t.to().name(), t.severity().name(), t.value(),
                            t.summary(), time(t.at()), flapping)))
                    .map(rows -> t.withSequence(rows.iterator().next().getLong("sequence")));
        }
        return stored.call(s -> conn.preparedQuery("""
                        INSERT INTO alert.alert_events (id, alert_id, sequence, from_state, to_state, severity, value,
                            occurred_at, reason)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.from(Arrays.asList(eventIdFor(s.alertId(), s.sequence()), s.alertId(), s.sequence(),
                        s.from() == null ? null : s.from().name(), s.to().name(), s.severity().name(), s.value(),
                        time(s.at()), s.reason()))));
    }

    /**
     * A new alert whose fingerprint is still open under another partition: partitions were added to
     * the topic and the series moved (or a rule changed its type, hence its topic, and the old
     * topic's pipeline has not closed its alert yet). The old alert is resolved in its history (no
     * notification: the new one carries on), instead of the unique index refusing the new one for
     * ever.
     */
    private Uni<Void> supersede(SqlConnection conn, Transition t, String topic, int partition) {
        return conn.preparedQuery("""
                        SELECT id, state, sequence, severity, value FROM alert.alerts
                        WHERE fingerprint = $1 AND state <> 'RESOLVED'
                            AND NOT (source_topic = $2 AND source_partition = $3) FOR UPDATE""")
                .execute(Tuple.of(t.fingerprint(), topic, partition))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        UUID id = r.getUUID("id");
                        long sequence = r.getLong("sequence") + 1;
                        String reason = "superseded: its series now arrives on " + topic + " partition " + partition;
                        chain = chain.chain(() -> conn.preparedQuery("""
                                        UPDATE alert.alerts SET state = 'RESOLVED', resolved_at = $2, updated_at = $2,
                                            sequence = $3 WHERE id = $1""")
                                .execute(Tuple.of(id, time(t.at()), sequence))
                                .chain(() -> conn.preparedQuery("""
                                                INSERT INTO alert.alert_events (id, alert_id, sequence, from_state,
                                                    to_state, severity, value, occurred_at, reason)
                                                VALUES ($1, $2, $3, $4, 'RESOLVED', $5, $6, $7, $8)""")
                                        .execute(Tuple.from(Arrays.asList(eventIdFor(id, sequence), id, sequence,
                                                r.getString("state"), r.getString("severity"), r.getDouble("value"),
                                                time(t.at()), reason))))
                                .replaceWithVoid());
                    }
                    return chain;
                });
    }

    /** One row of the outbox, as the relay sees it. */
    public record OutboxRow(long id, String topic, String key, String payload) {
    }

    /**
     * Publishes up to {@code limit} outbox rows in id order with {@code publish} and deletes them
     * once it succeeded, holding a transaction-scoped advisory lock so that only one relay (of any
     * instance) publishes at a time: per-alert order is the id order. Returns the number of rows
     * published, or -1 when another relay holds the lock.
     */
    public Uni<Integer> relay(int limit, Function<List<OutboxRow>, Uni<Void>> publish) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> {
                    if (!lock.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(-1);
                    }
                    return conn.preparedQuery(
                                    "SELECT id, topic, record_key, payload FROM alert.outbox ORDER BY id LIMIT $1")
                            .execute(Tuple.of(limit))
                            .chain(rows -> {
                                List<OutboxRow> batch = new ArrayList<>();
                                for (Row r : rows) {
                                    batch.add(new OutboxRow(r.getLong("id"), r.getString("topic"),
                                            r.getString("record_key"), r.getString("payload")));
                                }
                                if (batch.isEmpty()) {
                                    return Uni.createFrom().item(0);
                                }
                                Long[] ids = batch.stream().map(OutboxRow::id).toArray(Long[]::new);
                                return publish.apply(batch)
                                        .chain(() -> conn.preparedQuery("DELETE FROM alert.outbox WHERE id = ANY($1)")
                                                .execute(Tuple.of(ids)))
                                        .replaceWith(batch.size());
                            });
                }));
    }

    /**
     * Deletes at most {@code limit} resolved alerts (with their history) that resolved before
     * {@code cutoff}; small batches keep each transaction and its locks short.
     */
    public Uni<Integer> deleteResolvedBefore(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                        DELETE FROM alert.alerts WHERE id IN (
                            SELECT id FROM alert.alerts WHERE state = 'RESOLVED' AND resolved_at < $1
                            ORDER BY resolved_at LIMIT $2)""")
                .execute(Tuple.of(time(cutoff), limit))
                .map(RowSet::rowCount);
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static String json(Map<String, String> labels) {
        return Json.write(labels);
    }

    private static Map<String, String> labels(String json) {
        try {
            return Json.mapper().readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert.alerts holds labels that are not a JSON object: " + json, e);
        }
    }
}
