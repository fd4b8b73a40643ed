package io.vigil.collector.config;

import io.vigil.config.CollectorConfig;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the collector runs with: how often it samples and the host id it publishes under (the
 * Kafka key of every batch).
 *
 * @param interval time between two samples
 * @param hostId {@code collector.host} from the file, else the machine's host name
 */
public record CollectorSetup(Duration interval, String hostId) {

    public CollectorSetup {
        Objects.requireNonNull(interval, "interval");
        if (hostId == null || hostId.isBlank()) {
            throw new IllegalArgumentException("host id must not be blank");
        }
    }

    /**
     * Reads the {@code collector:} section of {@code file}, or uses the defaults when there is
     * none. A bad file throws {@link io.vigil.config.ConfigException} naming the file and field,
     * and so does a missing host name; either fails startup: an agent that silently ignored its config would publish wrong data.
     */
    public static CollectorSetup load(Optional<Path> file, Supplier<String> machineHostname) {
        CollectorConfig collector = file
                .map(f -> ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(f).collector())
                .orElseGet(CollectorConfig::defaults);
        String host = collector.host() != null ? collector.host() : machineHostname.get();
        if (host == null || host.isBlank()) {
            // Never fall back to a shared name: two agents under one key would merge their series.
            throw new ConfigException("collector.host: not set and the machine reports no host name");
        }
        return new CollectorSetup(collector.interval(), host);
    }
}
