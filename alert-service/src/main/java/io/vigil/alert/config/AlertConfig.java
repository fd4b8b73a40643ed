package io.vigil.alert.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** alert-service settings; rules themselves live in the Vigil config file. */
@ConfigMapping(prefix = "vigil")
public interface AlertConfig {

    /** Path of the Vigil YAML config file (env VIGIL_CONFIG_FILE); without it no rule is evaluated. */
    Optional<String> configFile();
}
