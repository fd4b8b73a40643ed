package io.vigil.alert.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.config.LabelMatcher;
import io.vigil.events.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences in {@code alert.silences}. Matchers are stored as written ({@code host=~"web-.*"}), so
 * they read back through {@link LabelMatcher#parse} exactly. Every write that changes a row fires
 * {@link AdminChange} ({@code SILENCES}) after its commit.
 */
@ApplicationScoped
public class SilenceStore {

    private static final String COLUMNS = """
            id, matchers::text AS matchers, starts_at, ends_at, created_by, comment, created_at, updated_by,
            updated_at""";

    private final Pool pool;
    private final Event<AdminChange> changes;

    public SilenceStore(Pool pool, Event<AdminChange> changes) {
        this.pool = pool;
        this.changes = changes;
    }

    /** Silences that mute now or will: what the engine needs (ends after {@code now}), by start. */
    public Uni<List<StoredSilence>> activeOrFuture(Instant now) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert.silences WHERE ends_at > $1 ORDER BY starts_at, id")
                .execute(Tuple.of(Sql.time(now)))
                .map(SilenceStore::silences);
    }

    /** Every silence, expired ones included, newest first. */
    public Uni<List<StoredSilence>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM alert.silences ORDER BY created_at DESC, id")
                .execute()
                .map(SilenceStore::silences);
    }

    public Uni<Optional<StoredSilence>> get(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert.silences WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> silences(rows).stream().findFirst());
    }

    /** Stores a new silence (its id, creator and creation time as given). */
    public Uni<StoredSilence> create(StoredSilence s) {
        return pool.preparedQuery("""
                        INSERT INTO alert.silences (id, matchers, starts_at, ends_at, created_by, comment, created_at)
                        VALUES ($1, $2::text::jsonb, $3, $4, $5, $6, $7)
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(s.id(), matchers(s.matchers()), Sql.time(s.startsAt()),
                        Sql.time(s.endsAt()), s.createdBy(), s.comment(), Sql.time(s.createdAt()))))
                .map(rows -> silences(rows).get(0))
                .invoke(() -> AdminChange.fire(changes, AdminChange.Kind.SILENCES));
    }

    /**
     * Replaces the matchers, times and comment of a silence that has not expired by {@code now}
     * (checked in the statement, so a concurrent expiry wins); empty when there is no such silence.
     */
    public Uni<Optional<StoredSilence>> update(UUID id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt,
            String comment, String actor, Instant now) {
        return pool.preparedQuery("""
                        UPDATE alert.silences SET matchers = $2::text::jsonb, starts_at = $3, ends_at = $4, comment = $5,
                            updated_by = $6, updated_at = $7
                        WHERE id = $1 AND ends_at > $7
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, matchers(matchers), Sql.time(startsAt), Sql.time(endsAt), comment,
                        actor, Sql.time(now))))
                .map(rows -> silences(rows).stream().findFirst())
                .invoke(updated -> updated.ifPresent(s -> AdminChange.fire(changes, AdminChange.Kind.SILENCES)));
    }

    /**
     * Expires a silence at {@code now}: it ends now (a pending one also starts now, so its times stay
     * in order) and is kept for history. Empty when no silence has this id; an expired one is
     * returned unchanged.
     */
    public Uni<Optional<StoredSilence>> expire(UUID id, String actor, Instant now) {
        return pool.preparedQuery("""
                        UPDATE alert.silences SET ends_at = $2, starts_at = LEAST(starts_at, $2), updated_by = $3,
                            updated_at = $2
                        WHERE id = $1 AND ends_at > $2
                        RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, Sql.time(now), actor))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        AdminChange.fire(changes, AdminChange.Kind.SILENCES);
                        return Uni.createFrom().item(silences(rows).stream().findFirst());
                    }
                    return get(id);
                });
    }

    private static String matchers(List<LabelMatcher> matchers) {
        return Json.write(matchers.stream().map(LabelMatcher::toString).toList());
    }

    private static List<StoredSilence> silences(RowSet<Row> rows) {
        List<StoredSilence> out = new ArrayList<>();
        for (Row r : rows) {
            List<LabelMatcher> matchers = Sql.strings(r.getString("matchers")).stream().map(LabelMatcher::parse).toList();
            out.add(new StoredSilence(r.getUUID("id"), matchers, Sql.instant(r, "starts_at"), Sql.instant(r, "ends_at"),
                    r.getString("created_by"), r.getString("comment"), Sql.instant(r, "created_at"),
                    r.getString("updated_by"), Sql.instant(r, "updated_at")));
        }
        return out;
    }
}
