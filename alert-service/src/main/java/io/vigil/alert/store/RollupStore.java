package io.vigil.alert.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.alert.rollup.MinuteRollup;
import io.vigil.events.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The 1-minute metric rollups in PostgreSQL ({@code alert.metric_rollups}, one partition per UTC
 * day): batched upserts that add to what a minute holds, the charts' range query, and the daily
 * partitions' creation and removal.
 */
@ApplicationScoped
public class RollupStore {

    /** Rows per INSERT: one statement per chunk, arrays as parameters (no statement text per row). */
    static final int CHUNK = 5000;
    private static final String PARTITION_PREFIX = "metric_rollups_";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Pool pool;

    public RollupStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Adds the rollups to the stored ones, in one transaction: min and max of both, sums and counts
     * added, the later last value kept. The days' partitions must exist ({@link #createPartition}).
     */
    public Uni<Void> upsert(List<MinuteRollup> rollups) {
        if (rollups.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int from = 0; from < rollups.size(); from += CHUNK) {
                List<MinuteRollup> chunk = rollups.subList(from, Math.min(rollups.size(), from + CHUNK));
                chain = chain.chain(() -> conn.preparedQuery("""
                        INSERT INTO alert.metric_rollups AS r (metric, labels, minute, min, max, sum, count, last, last_at)
                        SELECT m, l::jsonb, t, mn, mx, s, c, la, lat
                        FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[],
                                    $6::float8[], $7::int8[], $8::float8[], $9::timestamptz[])
                             AS u (m, l, t, mn, mx, s, c, la, lat)
                        ON CONFLICT (metric, minute, labels) DO UPDATE SET
                            min = LEAST(r.min, EXCLUDED.min),
                            max = GREATEST(r.max, EXCLUDED.max),
                            sum = r.sum + EXCLUDED.sum,
                            count = r.count + EXCLUDED.count,
                            last = CASE WHEN EXCLUDED.last_at >= r.last_at THEN EXCLUDED.last ELSE r.last END,
                            last_at = GREATEST(r.last_at, EXCLUDED.last_at)""")
                        .execute(columns(chunk)).replaceWithVoid());
            }
            return chain;
        });
    }

    private static Tuple columns(List<MinuteRollup> chunk) {
        int n = chunk.size();
        String[] metric = new String[n];
        String[] labels = new String[n];
        OffsetDateTime[] minute = new OffsetDateTime[n];
        Double[] min = new Double[n];
        Double[] max = new Double[n];
        Double[] sum = new Double[n];
        Long[] count = new Long[n];
        Double[] last = new Double[n];
        OffsetDateTime[] lastAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            MinuteRollup r = chunk.get(i);
            metric[i] = r.metric();
            labels[i] = Json.write(r.labels());
            minute[i] = Sql.time(r.minute());
            min[i] = r.min();
            max[i] = r.max();
            sum[i] = r.sum();
            count[i] = r.count();
            last[i] = r.last();
            lastAt[i] = Sql.time(r.lastAt());
        }
        return Tuple.tuple().addArrayOfString(metric).addArrayOfString(labels).addArrayOfOffsetDateTime(minute)
                .addArrayOfDouble(min).addArrayOfDouble(max).addArrayOfDouble(sum).addArrayOfLong(count)
                .addArrayOfDouble(last).addArrayOfOffsetDateTime(lastAt);
    }

    /**
     * The stored minutes of one metric in [from, to), oldest first; {@code containing} (nullable)
     * keeps only series whose labels include these (the matchers' equalities, pushed down).
     */
    public Uni<List<MinuteRollup>> read(String metric, Instant from, Instant to, Map<String, String> containing) {
        String filter = containing == null || containing.isEmpty() ? null : Json.write(containing);
        return pool.preparedQuery("""
                        SELECT labels::text AS labels, minute, min, max, sum, count, last, last_at
                        FROM alert.metric_rollups
                        WHERE metric = $1 AND minute >= $2 AND minute < $3
                          AND ($4::text IS NULL OR labels @> $4::text::jsonb)
                        ORDER BY minute""")
                .execute(Tuple.of(metric, Sql.time(from), Sql.time(to), filter))
                .map(rows -> {
                    List<MinuteRollup> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(MinuteRollup.of(metric, Sql.labels(r.getString("labels")), Sql.instant(r, "minute"),
                                r.getDouble("min"), r.getDouble("max"), r.getDouble("sum"), r.getLong("count"),
                                r.getDouble("last"), Sql.instant(r, "last_at")));
                    }
                    return out;
                });
    }

    /**
     * The hosts that have {@code metric} stored for a minute at or after {@code since}, by host name,
     * each with the time of its latest sample (the latest minute's {@code last_at}).
     */
    public Uni<List<HostSeen>> hosts(String metric, Instant since) {
        return pool.preparedQuery("""
                        SELECT labels->>'host' AS host, max(last_at) AS last_seen
                        FROM alert.metric_rollups
                        WHERE metric = $1 AND minute >= $2 AND labels->>'host' IS NOT NULL
                        GROUP BY 1 ORDER BY 1""")
                .execute(Tuple.of(metric, Sql.time(since)))
                .map(rows -> {
                    List<HostSeen> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new HostSeen(r.getString("host"), Sql.instant(r, "last_seen")));
                    }
                    return out;
                });
    }

    /** A host and the time of its latest stored sample. */
    public record HostSeen(String host, Instant lastSeen) {
    }

    /** Creates the partition of a UTC day unless it exists. */
    public Uni<Void> createPartition(LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // DDL takes no parameters; the name and bounds come from a LocalDate, never from input text.
        return pool.query("CREATE TABLE IF NOT EXISTS alert." + partition(day)
                        + " PARTITION OF alert.metric_rollups FOR VALUES FROM ('" + start + "') TO ('" + end + "')")
                .execute().replaceWithVoid();
    }

    /** The days that have a partition, oldest first. */
    public Uni<Set<LocalDate>> partitions() {
        return pool.query("""
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        JOIN pg_namespace n ON n.oid = p.relnamespace
                        WHERE n.nspname = 'alert' AND p.relname = 'metric_rollups'""")
                .execute().map(rows -> {
                    Set<LocalDate> days = new TreeSet<>();
                    for (Row r : rows) {
                        String name = r.getString("relname");
                        if (name.startsWith(PARTITION_PREFIX)) {
                            days.add(LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY));
                        }
                    }
                    return days;
                });
    }

    /** Drops a day's partition and every rollup in it: cheap, whatever the number of rows. */
    public Uni<Void> dropPartition(LocalDate day) {
        return pool.query("DROP TABLE IF EXISTS alert." + partition(day)).execute().replaceWithVoid();
    }

    /** The partition's name: {@code metric_rollups_YYYYMMDD} (UTC day). */
    public static String partition(LocalDate day) {
        return PARTITION_PREFIX + day.format(DAY);
    }
}
