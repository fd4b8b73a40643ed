package io.vigil.alert.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.config.LabelMatcher;
import io.vigil.config.LabelMatchers;
import io.vigil.events.AlertState;
import io.vigil.events.Json;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What the API reads about alerts: filtered pages, one alert with its history, per-rule figures. */
@ApplicationScoped
public class AlertQueries {

    /** Rows per read when label matchers are left to Java: large enough to fill most pages in one go. */
    static final int CHUNK = 500;

    private final Pool pool;

    public AlertQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * A page of alerts, most recently changed first (ties by id). State, severity, rule and the
     * non-empty equality matchers are filtered in SQL; every matcher is then checked in Java, the
     * one label matching of Vigil (PostgreSQL's regex dialect is not Java's).
     */
    public Uni<AlertPage> search(AlertSearch search) {
        boolean allInSql = search.matchers().stream().allMatch(AlertQueries::pushedDown);
        PageBuilder page = new PageBuilder(search.limit(), PageBuilder.MAX_SCAN,
                alert -> LabelMatchers.matches(search.matchers(), alert.labels()));
        int preferred = allInSql ? search.limit() + 1 : Math.max(CHUNK, search.limit() + 1);
        return fill(search, page, preferred, search.after());
    }

    private Uni<AlertPage> fill(AlertSearch search, PageBuilder page, int preferred, AlertCursor after) {
        int chunk = page.nextChunkSize(preferred);
        return read(search, after, chunk).chain(rows -> {
            page.offer(rows, chunk);
            return page.wantsMore() ? fill(search, page, preferred, page.resumeAfter(after))
                    : Uni.createFrom().item(page.page());
        });
    }

    private Uni<List<AlertView>> read(AlertSearch search, AlertCursor after, int limit) {
        Set<AlertState> shown = search.states();
        Set<AlertState> stored = EnumSet.noneOf(AlertState.class);
        for (AlertState s : shown) {
            stored.add(s == AlertState.ACKNOWLEDGED ? AlertState.FIRING : s);
        }
        Map<String, String> equal = new LinkedHashMap<>();
        for (LabelMatcher m : search.matchers()) {
            if (pushedDown(m)) {
                equal.put(m.name(), m.value());
            }
        }
        return pool.preparedQuery("SELECT " + AlertRows.COLUMNS + """

                        FROM alert.alerts
                        WHERE state = ANY($1)
                          AND (CASE WHEN state = 'FIRING' AND acknowledged_at IS NOT NULL THEN 'ACKNOWLEDGED'
                                    ELSE state END) = ANY($2)
                          AND ($3::text IS NULL OR severity = $3::text)
                          AND ($4::text IS NULL OR rule = $4::text)
                          AND ($5::text IS NULL OR labels @> $5::text::jsonb)
                          AND ($6::timestamptz IS NULL OR (updated_at, id) < ($6::timestamptz, $7::uuid))
                        ORDER BY updated_at DESC, id DESC
                        LIMIT $8""")
                .execute(Tuple.from(Arrays.asList(names(stored), names(shown),
                        search.severity() == null ? null : search.severity().name(), search.rule(),
                        equal.isEmpty() ? null : Json.write(equal),
                        after == null ? null : Sql.time(after.updatedAt()), after == null ? null : after.id(), limit)))
                .map(rows -> {
                    List<AlertView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(AlertRows.view(r));
                    }
                    return out;
                });
    }

    /**
     * Whether SQL can apply a matcher exactly: an equality to a non-empty value holds only when the
     * label exists with that value, which is what jsonb containment asks.
     */
    static boolean pushedDown(LabelMatcher m) {
        return m.op() == LabelMatcher.Op.EQUAL && !m.value().isEmpty();
    }

    private static String[] names(Set<AlertState> states) {
        return states.stream().map(Enum::name).toArray(String[]::new);
    }

    /** One alert, or empty. */
    public Uni<Optional<AlertView>> get(UUID id) {
        return pool.preparedQuery("SELECT " + AlertRows.COLUMNS + " FROM alert.alerts WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(AlertRows.view(rows.iterator().next())));
    }

    /**
     * What a live dashboard starts from: every open alert (pending, firing, acknowledged) and those
     * resolved since {@code resolvedSince}, most recently changed first, at most {@code limit}.
     */
    public Uni<List<AlertView>> live(Instant resolvedSince, int limit) {
        return pool.preparedQuery("SELECT " + AlertRows.COLUMNS + """

                        FROM alert.alerts
                        WHERE state <> 'RESOLVED' OR resolved_at >= $1
                        ORDER BY updated_at DESC, id DESC
                        LIMIT $2""")
                .execute(Tuple.of(Sql.time(resolvedSince), limit))
                .map(AlertQueries::views);
    }

    /** The current rows of these alerts (unknown ids are left out), in no particular order. */
    public Uni<List<AlertView>> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT " + AlertRows.COLUMNS + " FROM alert.alerts WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0])))
                .map(AlertQueries::views);
    }

    private static List<AlertView> views(RowSet<Row> rows) {
        List<AlertView> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(AlertRows.view(r));
        }
        return out;
    }

    /** Every change of an alert, in sequence order (empty for an unknown alert). */
    public Uni<List<AlertHistoryEntry>> history(UUID id) {
        return pool.preparedQuery("""
                        SELECT sequence, from_state, to_state, severity, value, occurred_at, actor, reason
                        FROM alert.alert_events WHERE alert_id = $1 ORDER BY sequence""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<AlertHistoryEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        String from = r.getString("from_state");
                        out.add(new AlertHistoryEntry(r.getLong("sequence"), from == null ? null : AlertState.valueOf(from),
                                AlertState.valueOf(r.getString("to_state")),
                                Severity.valueOf(r.getString("severity")), r.getDouble("value"),
                                Sql.instant(r, "occurred_at"), r.getString("actor"), r.getString("reason")));
                    }
                    return out;
                });
    }

    /**
     * Per rule, over the alerts that fired in [{@code from}, {@code to}): how many, the mean times to
     * acknowledge and to resolve, and how many were flapping. One statement.
     */
    public Uni<List<RuleStats>> stats(Instant from, Instant to) {
        return pool.preparedQuery("""
                        SELECT rule,
                               count(*) AS fired,
                               (avg(EXTRACT(EPOCH FROM acknowledged_at - fired_at))
                                   FILTER (WHERE acknowledged_at IS NOT NULL))::float8 AS mtta,
                               (avg(EXTRACT(EPOCH FROM resolved_at - fired_at))
                                   FILTER (WHERE resolved_at IS NOT NULL))::float8 AS mttr,
                               count(*) FILTER (WHERE flapping) AS flapping
                        FROM alert.alerts
                        WHERE fired_at >= $1 AND fired_at < $2
                        GROUP BY rule ORDER BY rule""")
                .execute(Tuple.of(Sql.time(from), Sql.time(to)))
                .map(rows -> {
                    List<RuleStats> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new RuleStats(r.getString("rule"), r.getLong("fired"), r.getDouble("mtta"),
                                r.getDouble("mttr"), r.getLong("flapping")));
                    }
                    return out;
                });
    }
}
