package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.store.MaintenanceStore;
import io.vigil.alert.store.StoredDefinition;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import io.vigil.config.MaintenanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows: those provisioned from the config file (read-only here) and those added
 * through the API (operators create, change and delete them). A name belongs to one window across
 * both.
 */
@ApplicationScoped
public class MaintenanceService {

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.MAINTENANCE);

    private final List<MaintenanceConfig> provisioned;
    private final MaintenanceStore store;
    private final Clock clock;
    private final AdminSources sources;

    public MaintenanceService(AlertFile file, MaintenanceStore store, Clock clock, AdminSources sources) {
        this.provisioned = file.maintenance();
        this.store = store;
        this.clock = clock;
        this.sources = sources;
    }

    /** Every window: provisioned ones first (in file order), then stored ones by name. */
    public Uni<List<DefinitionView>> list() {
        Instant now = clock.instant();
        return store.list().map(stored -> {
            List<DefinitionView> all = new ArrayList<>();
            provisioned.forEach(m -> all.add(DefinitionView.provisioned(m.name(), ConfigWriter.maintenance(m),
                    m.schedule().activeAt(now))));
            stored.forEach(d -> all.add(DefinitionView.stored(d, openAt(d, now))));
            return all;
        });
    }

    public Uni<DefinitionView> get(String name) {
        Instant now = clock.instant();
        Optional<MaintenanceConfig> file = provisioned(name);
        if (file.isPresent()) {
            return Uni.createFrom().item(DefinitionView.provisioned(name, ConfigWriter.maintenance(file.get()),
                    file.get().schedule().activeAt(now)));
        }
        return store.get(name).map(d -> {
            StoredDefinition found = d.orElseThrow(() -> notFound(name));
            return DefinitionView.stored(found, openAt(found, now));
        });
    }

    /** Adds a window; {@link ConflictException} when any window (provisioned or stored) has its name. */
    public Uni<DefinitionView> create(MaintenanceConfig window, String actor) {
        if (provisioned(window.name()).isPresent()) {
            return Uni.createFrom().failure(new ConflictException("name", "a maintenance window named '"
                    + window.name() + "' " + RuleService.PROVISIONED + " (choose another name)"));
        }
        Instant now = clock.instant();
        return store.insert(window, actor, now).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> new ConflictException("name",
                    "a maintenance window named '" + window.name() + "' exists already")),
                    window.schedule().activeAt(now));
            Log.infof("maintenance window created name=%s by=%s", window.name(), actor);
            return view;
        }).call(v -> sources.reloadMaintenance());
    }

    /**
     * Replaces a stored window; a provisioned one is {@link ConflictException}, an unknown one
     * {@link NotFoundException}.
     */
    public Uni<DefinitionView> replace(MaintenanceConfig window, String actor) {
        if (provisioned(window.name()).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(window.name()));
        }
        Instant now = clock.instant();
        return store.update(window, actor, now).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> notFound(window.name())),
                    window.schedule().activeAt(now));
            Log.infof("maintenance window changed name=%s by=%s", window.name(), actor);
            return view;
        }).call(v -> sources.reloadMaintenance());
    }

    public Uni<Void> delete(String name, String actor) {
        if (provisioned(name).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        return store.delete(name).<Void>map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            Log.infof("maintenance window deleted name=%s by=%s", name, actor);
            return null;
        }).call(v -> sources.reloadMaintenance());
    }

    /** Whether a stored window is open; null when its definition no longer parses (the engine skips it too). */
    private static Boolean openAt(StoredDefinition d, Instant now) {
        try {
            return LOADER.parseMaintenance(d.definition()).schedule().activeAt(now);
        } catch (ConfigException e) {
            return null;
        }
    }

    private Optional<MaintenanceConfig> provisioned(String name) {
        return provisioned.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static ConflictException provisionedConflict(String name) {
        return new ConflictException("name", "maintenance window '" + name + "' " + RuleService.PROVISIONED);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("name", "no maintenance window is named '" + name + "'");
    }
}
