package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.silence.MaintenanceWindows;
import io.vigil.alert.silence.Silence;
import io.vigil.alert.silence.Silences;
import io.vigil.alert.store.AdminChange;
import io.vigil.alert.store.MaintenanceStore;
import io.vigil.alert.store.RuleStore;
import io.vigil.alert.store.SilenceStore;
import io.vigil.config.MaintenanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what the engine and the dispatcher use in step with what is stored through the API:
 * rules (into {@link RuleRegistry}), silences and maintenance windows (into the muting sources).
 * Re-read at once after a write on this instance ({@link AdminChange}), and every
 * {@code alert.admin-refresh} for writes other instances took.
 */
@ApplicationScoped
public class AdminSources {

    private final RuleStore rules;
    private final SilenceStore silenceStore;
    private final MaintenanceStore maintenanceStore;
    private final RuleRegistry registry;
    private final Silences silences;
    private final MaintenanceWindows maintenance;
    private final AlertFile file;
    private final Clock clock;
    private final Vertx vertx;
    private final AlertSettings settings;
    private long timer = -1;

    public AdminSources(RuleStore rules, SilenceStore silenceStore, MaintenanceStore maintenanceStore,
            RuleRegistry registry, Silences silences, MaintenanceWindows maintenance, AlertFile file, Clock clock,
            Vertx vertx, AlertSettings settings) {
        this.rules = rules;
        this.silenceStore = silenceStore;
        this.maintenanceStore = maintenanceStore;
        this.registry = registry;
        this.silences = silences;
        this.maintenance = maintenance;
        this.file = file;
        this.clock = clock;
        this.vertx = vertx;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        refreshAll();
        timer = vertx.setPeriodic(settings.adminRefresh().toMillis(), id -> refreshAll());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    void changed(@Observes AdminChange change) {
        // Fired on the event loop after the commit: start the reload, never wait for it here.
        subscribe(change.kind().name().toLowerCase(java.util.Locale.ROOT), switch (change.kind()) {
            case RULES -> reloadRules();
            case SILENCES -> reloadSilences();
            case MAINTENANCE -> reloadMaintenance();
        });
    }

    private void refreshAll() {
        subscribe("rules", reloadRules());
        subscribe("silences", reloadSilences());
        subscribe("maintenance", reloadMaintenance());
    }

    Uni<Void> reloadRules() {
        return rules.all().invoke(registry::stored).replaceWithVoid();
    }

    Uni<Void> reloadSilences() {
        return silenceStore.activeOrFuture(clock.instant()).invoke(stored -> silences.replace(stored.stream()
                .map(s -> new Silence(s.id(), s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment()))
                .toList())).replaceWithVoid();
    }

    Uni<Void> reloadMaintenance() {
        return maintenanceStore.all().invoke(stored -> {
            List<MaintenanceConfig> all = new ArrayList<>(file.maintenance());
            all.addAll(stored);
            maintenance.replace(all);
        }).replaceWithVoid();
    }

    private static void subscribe(String what, Uni<Void> reload) {
        // A failed reload keeps what was loaded before; the next refresh tries again.
        reload.subscribe().with(done -> { }, e -> Log.warnf("reloading %s failed, keeping the previous ones: %s", what,
                e.getMessage()));
    }
}
