package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code history:} section: how long the alert-service keeps its 1-minute metric rollups (the
 * charts' data). Old data goes a whole day at a time, so a day is kept until all of it is older
 * than the retention.
 *
 * @param retention how long rollups are kept; at least one day
 */
public record HistoryConfig(Duration retention) {

    public static final Duration MIN_RETENTION = Duration.ofDays(1);
    public static final HistoryConfig DEFAULTS = new HistoryConfig(Duration.ofDays(15));

    public HistoryConfig {
        Objects.requireNonNull(retention, "retention");
    }
}
