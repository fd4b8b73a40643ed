package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code type: trend}: the value a gauge will have {@code horizon} from now, from a least-squares
 * line over the samples of the last {@code window} (PromQL's {@code predict_linear}), against
 * warning/critical levels. "Filesystem full within 24 h" is {@code node_filesystem_avail_bytes},
 * {@code horizon: 24h}, {@code critical: {below: 0}}.
 */
public record TrendRule(String metric, Duration window, Duration horizon, Level warning, Level critical)
        implements RuleKind {

    public static final String TYPE = "trend";

    /** The window when the rule names none. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    /** The shortest window the loader accepts. */
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    public TrendRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(horizon, "horizon");
        if (warning == null && critical == null) {
            throw new IllegalArgumentException("a trend rule needs warning or critical");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String stream() {
        return "metrics";
    }
}
