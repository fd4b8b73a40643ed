package io.vigil.alert.config;

import io.quarkus.logging.Log;
import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/** Loads the {@code rules:} section once at start; a bad file stops the service with the loader's message. */
@ApplicationScoped
public class RulesProducer {

    @Produces
    @Singleton
    Rules rules(AlertConfig config) {
        if (config.configFile().isEmpty()) {
            Log.warn("no config file (vigil.config-file / VIGIL_CONFIG_FILE): no rules to evaluate");
            return new Rules(List.of());
        }
        Path file = Path.of(config.configFile().get());
        List<RuleConfig> rules = ConfigLoader.forSections(ConfigLoader.Section.RULES).load(file).rules();
        Log.infof("rules loaded file=%s count=%d", file, rules.size());
        return new Rules(rules);
    }

    /** The configured rules, as a bean. */
    public record Rules(List<RuleConfig> list) {
    }
}
