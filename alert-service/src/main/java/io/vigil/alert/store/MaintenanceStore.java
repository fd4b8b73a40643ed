package io.vigil.alert.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import io.vigil.config.MaintenanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows added through the API ({@code alert.maintenance}), stored in the config
 * file's shape as {@link ConfigWriter} writes it, so the one loader reads them back. Every write that changed a row
 * fires {@link AdminChange} ({@code MAINTENANCE}) after its commit.
 */
@ApplicationScoped
public class MaintenanceStore {

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.MAINTENANCE);

    private final DefinitionTable table;

    public MaintenanceStore(Pool pool, Event<AdminChange> changes) {
        this.table = new DefinitionTable(pool, "maintenance", changes, AdminChange.Kind.MAINTENANCE);
    }

    /**
     * Every stored maintenance window, by name, for the engine. A definition this version no longer
     * accepts (the format tightened since it was stored) is left out with a warning, so one old
     * window cannot stop all the others from loading.
     */
    public Uni<List<MaintenanceConfig>> all() {
        return table.list().map(stored -> {
            List<MaintenanceConfig> windows = new ArrayList<>();
            for (StoredDefinition d : stored) {
                try {
                    windows.add(LOADER.parseMaintenance(d.definition()));
                } catch (ConfigException e) {
                    Log.warnf("stored maintenance window skipped name=%s: %s", d.name(), e.getMessage());
                }
            }
            return windows;
        });
    }

    /** The stored rows, by name, as the API shows them. */
    public Uni<List<StoredDefinition>> list() {
        return table.list();
    }

    public Uni<Optional<StoredDefinition>> get(String name) {
        return table.get(name);
    }

    /** Stores a new window; empty when a stored window has its name already. */
    public Uni<Optional<StoredDefinition>> insert(MaintenanceConfig window, String actor, Instant now) {
        return table.insert(window.name(), ConfigWriter.maintenance(window), actor, now);
    }

    /** Replaces a stored window; empty when none has its name. */
    public Uni<Optional<StoredDefinition>> update(MaintenanceConfig window, String actor, Instant now) {
        return table.update(window.name(), ConfigWriter.maintenance(window), actor, now);
    }

    /** Deletes a stored window; false when none has this name. */
    public Uni<Boolean> delete(String name) {
        return table.delete(name);
    }
}
