package io.vigil.alert.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.Json;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL shared by {@code alert.rules} and {@code alert.maintenance}: named definitions in the
 * config file's shape. Every write that changed a row fires {@link AdminChange} after its commit.
 */
final class DefinitionTable {

    private static final String COLUMNS =
            "name, definition::text AS definition, created_by, created_at, updated_by, updated_at";

    private final Pool pool;
    private final String table;
    private final Event<AdminChange> changes;
    private final AdminChange.Kind kind;

    DefinitionTable(Pool pool, String table, Event<AdminChange> changes, AdminChange.Kind kind) {
        this.pool = pool;
        this.table = table;
        this.changes = changes;
        this.kind = kind;
    }

    Uni<List<StoredDefinition>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM alert." + table + " ORDER BY name").execute()
                .map(DefinitionTable::definitions);
    }

    Uni<Optional<StoredDefinition>> get(String name) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert." + table + " WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> definitions(rows).stream().findFirst());
    }

    /** Inserts a definition; empty when the name is taken (the primary key decides, not a prior read). */
    Uni<Optional<StoredDefinition>> insert(String name, ObjectNode definition, String actor, Instant now) {
        return pool.preparedQuery("INSERT INTO alert." + table
                        + " (name, definition, created_by, created_at, updated_by, updated_at)"
                        + " VALUES ($1, $2::text::jsonb, $3, $4, $3, $4) ON CONFLICT (name) DO NOTHING"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(name, Json.write(definition), actor, Sql.time(now)))
                .map(rows -> definitions(rows).stream().findFirst())
                .invoke(this::changed);
    }

    /** Replaces a stored definition; empty when there is none of that name. */
    Uni<Optional<StoredDefinition>> update(String name, ObjectNode definition, String actor, Instant now) {
        return pool.preparedQuery("UPDATE alert." + table
                        + " SET definition = $2::text::jsonb, updated_by = $3, updated_at = $4 WHERE name = $1"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(name, Json.write(definition), actor, Sql.time(now)))
                .map(rows -> definitions(rows).stream().findFirst())
                .invoke(this::changed);
    }

    /** Deletes a stored definition; false when there was none of that name. */
    Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM alert." + table + " WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.rowCount() > 0)
                .invoke(deleted -> {
                    if (deleted) {
                        AdminChange.fire(changes, kind);
                    }
                });
    }

    private void changed(Optional<StoredDefinition> written) {
        if (written.isPresent()) {
            AdminChange.fire(changes, kind);
        }
    }

    private static List<StoredDefinition> definitions(RowSet<Row> rows) {
        List<StoredDefinition> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new StoredDefinition(r.getString("name"), (ObjectNode) Sql.tree(r.getString("definition")),
                    r.getString("created_by"), Sql.instant(r, "created_at"), r.getString("updated_by"),
                    Sql.instant(r, "updated_at")));
        }
        return out;
    }
}
