package io.vigil.notifier.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes added through the API, in {@code notifier.api_routes}: name and definition (the JSON body as
 * received), in the order they were added. Not retried like the delivery log: an API call during a
 * database outage fails at once instead of hanging.
 */
@ApplicationScoped
public class ApiRouteStore {

    /** A stored route: its name and the JSON it was added with. */
    public record Stored(String name, String definition) {
    }

    private final Pool pool;

    public ApiRouteStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Stored>> all() {
        return pool.query("SELECT name, definition FROM notifier.api_routes ORDER BY created_at, name").execute()
                .map(rows -> {
                    List<Stored> all = new ArrayList<>();
                    for (Row r : rows) {
                        all.add(new Stored(r.getString("name"), r.getString("definition")));
                    }
                    return all;
                });
    }

    /** False when a route of that name is stored already. */
    public Uni<Boolean> insert(String name, String definition, String actor) {
        return pool.preparedQuery("""
                        INSERT INTO notifier.api_routes (name, definition, created_by, updated_by)
                        VALUES ($1, $2, $3, $3) ON CONFLICT (name) DO NOTHING""")
                .execute(Tuple.of(name, definition, actor))
                .map(rows -> rows.rowCount() > 0);
    }

    /** False when no route of that name is stored. */
    public Uni<Boolean> update(String name, String definition, String actor) {
        return pool.preparedQuery("""
                        UPDATE notifier.api_routes SET definition = $2, updated_by = $3, updated_at = now()
                        WHERE name = $1""")
                .execute(Tuple.of(name, definition, actor))
                .map(rows -> rows.rowCount() > 0);
    }

    /** False when no route of that name is stored. */
    public Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM notifier.api_routes WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.rowCount() > 0);
    }
}
