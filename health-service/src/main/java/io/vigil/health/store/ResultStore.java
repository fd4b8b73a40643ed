package io.vigil.health.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.health.config.HealthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recent results per check in {@code health.results}: a ring of {@code health.results-kept} rows
 * per check (slot = sequence mod size, upserted), so the table never needs pruning. Results are
 * queued and written in one batch every {@code health.flush-interval}: 10,000 checks a minute are
 * ~170 rows a second, which one statement a flush carries easily, where a round trip per result
 * would not.
 */
@ApplicationScoped
public class ResultStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 2000;
    private static final String UPSERT = "INSERT INTO health.results"
            + " (check_name, slot, seq, checked_at, status, latency_ms, message, details)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)"
            + " ON CONFLICT (check_name, slot) DO UPDATE SET seq = EXCLUDED.seq, checked_at = EXCLUDED.checked_at,"
            + " status = EXCLUDED.status, latency_ms = EXCLUDED.latency_ms, message = EXCLUDED.message,"
            + " details = EXCLUDED.details WHERE health.results.seq < EXCLUDED.seq";

    private final Pool pool;
    private final StoreHealth health;
    private final int kept;
    private final int maxUnwritten;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Tuple> unwritten = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unwrittenCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public ResultStore(Pool pool, StoreHealth health, HealthSettings settings) {
        this.pool = pool;
        this.health = health;
        this.kept = Math.max(1, settings.resultsKept());
        this.maxUnwritten = Math.max(1, settings.maxUnwritten());
    }

    /** Reads each check's last sequence, so that numbering goes on after a restart. */
    public Uni<Void> loadSequences() {
        return pool.query("SELECT check_name, max(seq) AS seq FROM health.results GROUP BY check_name").execute()
                .invoke(rows -> rows.forEach(r -> sequences.put(r.getString("check_name"),
                        new AtomicLong(r.getLong("seq")))))
                .replaceWithVoid();
    }

    /** Queues a result for the next flush; never waits. Past {@code max-unwritten} the oldest is dropped. */
    public void add(HealthResult result) {
        long seq = sequences.computeIfAbsent(result.checkId(), k -> new AtomicLong()).incrementAndGet();
        String details;
        try {
            details = JSON.writeValueAsString(result.details());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            details = "{}";
        }
        unwritten.add(Tuple.tuple(List.of(result.checkId(), (int) (seq % kept), seq,
                OffsetDateTime.ofInstant(result.occurredAt(), ZoneOffset.UTC), result.status().label(),
                result.latencyMillis(), result.message(), details)));
        if (unwrittenCount.incrementAndGet() > maxUnwritten && unwritten.poll() != null) {
            unwrittenCount.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /** Writes what is queued, in batches; a failure keeps the rows queued for the next flush. */
    public Uni<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return flushSome().eventually(() -> flushing.set(false));
    }

    private Uni<Void> flushSome() {
        List<Tuple> batch = new ArrayList<>();
        Tuple t;
        while (batch.size() < BATCH && (t = unwritten.poll()) != null) {
            batch.add(t);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        unwrittenCount.addAndGet(-batch.size());
        return pool.preparedQuery(UPSERT).executeBatch(batch)
                .invoke(health::succeeded)
                .onFailure().invoke(e -> {
                    health.failed("write results", e);
                    // Back in the queue (at the end: order does not matter, the seq guard keeps the newest).
                    unwritten.addAll(batch);
                    unwrittenCount.addAndGet(batch.size());
                })
                .chain(() -> batch.size() == BATCH ? flushSome() : Uni.createFrom().voidItem())
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The latest {@code limit} results of a check, newest first. */
    public Uni<List<StoredResult>> recent(String check, int limit) {
        return pool.preparedQuery("SELECT check_name, seq, checked_at, status, latency_ms, message, details::text AS details"
                        + " FROM health.results WHERE check_name = $1 ORDER BY seq DESC LIMIT $2")
                .execute(Tuple.of(check, limit))
                .map(rows -> {
                    List<StoredResult> out = new ArrayList<>();
                    rows.forEach(r -> out.add(row(r)));
                    return out;
                });
    }

    /** Forgets a deleted check's history. */
    public Uni<Void> delete(String check) {
        sequences.remove(check);
        return pool.preparedQuery("DELETE FROM health.results WHERE check_name = $1").execute(Tuple.of(check))
                .replaceWithVoid();
    }

    /** Results not yet written (a gauge). */
    public int unwritten() {
        return unwrittenCount.get();
    }

    /** Results dropped from the history because PostgreSQL was away too long (a counter). */
    public long dropped() {
        return dropped.get();
    }

    private static StoredResult row(Row r) {
        Map<String, String> details;
        try {
            details = JSON.readValue(r.getString("details"), new TypeReference<Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            details = Map.of();
        }
        Instant at = r.getOffsetDateTime("checked_at").toInstant();
        return new StoredResult(r.getString("check_name"), r.getLong("seq"), at,
                HealthStatus.parse(r.getString("status")), r.getLong("latency_ms"), r.getString("message"), details);
    }
}
