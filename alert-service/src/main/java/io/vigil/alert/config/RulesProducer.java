package io.vigil.alert.config;

import io.quarkus.logging.Log;
import io.vigil.config.AlertingConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigLoader.Section;
import io.vigil.config.InhibitRule;
import io.vigil.config.MaintenanceConfig;
import io.vigil.config.RouteConfig;
import io.vigil.config.RuleConfig;
import io.vigil.config.VigilConfig;
import io.vigil.support.VigilFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Loads the alert-service's sections of the config file once at start: rules, alerting defaults,
 * inhibition, maintenance windows, the metric history's retention ({@code history:}), and the routes (only to group notifications the way the
 * notifier will deliver them: their webhook variables need not be set here). A bad file stops the
 * service with the loader's message.
 */
@ApplicationScoped
public class RulesProducer {

    @Produces
    @Singleton
    AlertFile file(Config config) {
        Optional<Path> path = VigilFile.path(config);
        if (path.isEmpty()) {
            Log.warn("no config file (vigil.config-file / VIGIL_CONFIG_FILE): no provisioned rules");
            return new AlertFile(VigilConfig.empty());
        }
        VigilConfig loaded = ConfigLoader.forSections(Section.RULES, Section.ALERTING, Section.INHIBIT,
                Section.MAINTENANCE, Section.ROUTES, Section.HISTORY).routingOnly().load(path.get());
        Log.infof("config loaded file=%s rules=%d inhibit=%d maintenance=%d routes=%d", path.get(),
                loaded.rules().size(), loaded.inhibit().size(), loaded.maintenance().size(), loaded.routes().size());
        return new AlertFile(loaded);
    }

    @Produces
    @Singleton
    Rules rules(AlertFile file) {
        return new Rules(file.config().rules());
    }

    /** The rules provisioned from the config file, as a bean (read-only through the API). */
    public record Rules(List<RuleConfig> list) {
    }

    /** The alert-service's sections of the config file. */
    public record AlertFile(VigilConfig config) {

        public AlertingConfig alerting() {
            return config.alerting();
        }

        public List<InhibitRule> inhibit() {
            return config.inhibit();
        }

        public List<MaintenanceConfig> maintenance() {
            return config.maintenance();
        }

        public List<RouteConfig> routes() {
            return config.routes();
        }
    }
}
