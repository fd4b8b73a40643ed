package io.vigil.collector.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The collector's own Quarkus settings. What it samples and how often lives in the shared Vigil
 * config file, so that one file in git configures every service.
 */
@ConfigMapping(prefix = "vigil")
public interface VigilSettings {

    /**
     * Path of the Vigil config file ({@code VIGIL_CONFIG_FILE}). Optional, hence no default:
     * without a file the collector samples every 10s under the machine's host name.
     */
    Optional<String> configFile();
}
