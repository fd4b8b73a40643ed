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

    /** Settings that win over the file's {@code collector:} section, for one machine or container. */
    Collector collector();

    /**
     * Where the host's {@code /proc}, {@code /sys} and {@code /} are, over {@code collector.procfs},
     * {@code collector.sysfs} and {@code collector.rootfs} of the file: a container image or unit can
     * set them without editing the file every host shares.
     */
    interface Collector {

        /** {@code VIGIL_COLLECTOR_PROCFS}, over {@code collector.procfs}. */
        Optional<String> procfs();

        /** {@code VIGIL_COLLECTOR_SYSFS}, over {@code collector.sysfs}. */
        Optional<String> sysfs();

        /** {@code VIGIL_COLLECTOR_ROOTFS}, over {@code collector.rootfs}. */
        Optional<String> rootfs();
    }
}
