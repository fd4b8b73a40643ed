package io.vigil.collector.config;

import io.vigil.config.CollectorConfig;
import io.vigil.config.ConfigException;
import io.vigil.config.VigilConfig;
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
     * Takes the {@code collector:} section of the loaded file, or the defaults when there is no
     * file. A missing host name throws {@link io.vigil.config.ConfigException}, as a bad file does
     * when it is loaded; either fails startup: an agent that silently ignored its config would
     * publish wrong data.
     */
    public static CollectorSetup from(Optional<VigilConfig> loaded, Supplier<String> machineHostname) {
        CollectorConfig collector = loaded.map(VigilConfig::collector).orElseGet(CollectorConfig::defaults);
        String host = collector.host() != null ? collector.host() : machineHostname.get();
        if (host == null || host.isBlank()) {
            // Never fall back to a shared name: two agents under one key would merge their series.
            throw new ConfigException("collector.host: not set and the machine reports no host name");
        }
        return new CollectorSetup(collector.interval(), host);
    }
}
