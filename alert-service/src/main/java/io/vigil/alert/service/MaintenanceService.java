package io.vigil.alert.service;

import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.store.MaintenanceStore;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import io.vigil.config.MaintenanceConfig;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Maintenance windows: those provisioned from the config file (read-only here) and those added
 * through the API (operators create, change and delete them). A name belongs to one window across
 * both. Each is shown with whether it is open at the time of the request.
 */
// @Singleton, not @ApplicationScoped: a client proxy would need a no-args constructor in
// ProvisionedDefinitions too, and nothing here needs one.
@Singleton
public class MaintenanceService extends ProvisionedDefinitions<MaintenanceConfig> {

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.MAINTENANCE);

    public MaintenanceService(AlertFile file, MaintenanceStore store, Clock clock, AdminSources sources) {
        super(new Kind<>("maintenance window", MaintenanceConfig::name, ConfigWriter::maintenance,
                new OpenNow<>(LOADER::parseMaintenance, (window, now) -> window.schedule().activeAt(now))),
                file.maintenance(), new Store<>(store::list, store::get, store::insert, store::update, store::delete),
                clock, sources::reloadMaintenance);
    }
}
