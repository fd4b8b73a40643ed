package io.vigil.alert.config;

import io.quarkus.logging.Log;
import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleConfig;
import io.vigil.config.VigilConfig;
import io.vigil.support.VigilFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** Loads the {@code rules:} section once at start; a bad file stops the service with the loader's message. */
@ApplicationScoped
public class RulesProducer {

    @Produces
    @Singleton
    Rules rules(Config config) {
        Optional<VigilConfig> loaded = VigilFile.load(config, ConfigLoader.Section.RULES);
        if (loaded.isEmpty()) {
            Log.warn("no config file (vigil.config-file / VIGIL_CONFIG_FILE): no rules to evaluate");
            return new Rules(List.of());
        }
        List<RuleConfig> rules = loaded.get().rules();
        Log.infof("rules loaded file=%s count=%d", VigilFile.path(config).orElseThrow(), rules.size());
        return new Rules(rules);
    }

    /** The configured rules, as a bean. */
    public record Rules(List<RuleConfig> list) {
    }
}
