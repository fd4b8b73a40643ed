package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code collector:} section.
 *
 * @param interval how often the host is sampled; at least one second
 * @param host the host id to publish under; null means the machine's hostname
 */
public record CollectorConfig(Duration interval, String host) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    public CollectorConfig {
        Objects.requireNonNull(interval, "interval");
    }

    public static CollectorConfig defaults() {
        return new CollectorConfig(DEFAULT_INTERVAL, null);
    }
}
