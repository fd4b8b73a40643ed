package io.vigil.health.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.config.CheckConfig;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks added through the API ({@code health.checks}), stored in the config file's shape as
 * {@link ConfigWriter#check} writes it (secrets included: the schema is this service's alone), so
 * the one loader reads them back.
 */
@ApplicationScoped
public class CheckStore {

    /** A stored check and who last changed it. */
    public record StoredCheck(CheckConfig check, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.CHECKS);
    private static final String COLUMNS = "name, definition::text AS definition, created_at, updated_at, updated_by";

    private final Pool pool;

    public CheckStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every stored check. One this version no longer accepts (the format tightened since) is left
     * out with a warning, so one old check cannot stop all the others.
     */
    public Uni<List<StoredCheck>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM health.checks ORDER BY name").execute().map(CheckStore::checks);
    }

    /** Stores a new check; empty when the name is taken (the primary key decides, not a prior read). */
    public Uni<Optional<StoredCheck>> insert(CheckConfig check, String actor, Instant now) {
        return pool.preparedQuery("INSERT INTO health.checks (name, definition, created_at, updated_at, updated_by)"
                        + " VALUES ($1, $2::text::jsonb, $3, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(check.name(), ConfigWriter.check(check).toString(), time(now), actor))
                .map(rows -> checks(rows).stream().findFirst());
    }

    /** Replaces a stored check; empty when none has its name. */
    public Uni<Optional<StoredCheck>> update(CheckConfig check, String actor, Instant now) {
        return pool.preparedQuery("UPDATE health.checks SET definition = $2::text::jsonb, updated_at = $3,"
                        + " updated_by = $4 WHERE name = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(check.name(), ConfigWriter.check(check).toString(), time(now), actor))
                .map(rows -> checks(rows).stream().findFirst());
    }

    /** Deletes a stored check; false when none has this name. */
    public Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM health.checks WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.rowCount() > 0);
    }

    private static List<StoredCheck> checks(RowSet<Row> rows) {
        List<StoredCheck> out = new ArrayList<>();
        for (Row r : rows) {
            try {
                CheckConfig check = LOADER.parseCheck(io.vigil.health.store.Json.tree(r.getString("definition")));
                out.add(new StoredCheck(check, r.getOffsetDateTime("created_at").toInstant(),
                        r.getOffsetDateTime("updated_at").toInstant(), r.getString("updated_by")));
            } catch (ConfigException e) {
                Log.warnf("stored check skipped name=%s: %s", r.getString("name"), e.getMessage());
            }
        }
        return out;
    }

    static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static OffsetDateTime timeOrNull(Instant at) {
        return at == null ? null : time(at);
    }
}
