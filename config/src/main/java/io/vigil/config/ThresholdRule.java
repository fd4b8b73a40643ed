package io.vigil.config;

import java.util.Optional;

/**
 * {@code type: threshold} (the default): a sample's value against warning/critical levels, with an
 * optional clear level for hysteresis.
 *
 * @param warning may be null when {@code critical} is set
 * @param critical may be null when {@code warning} is set
 * @param clear optional: a firing alert resolves only once this holds for its duration
 */
public record ThresholdRule(String metric, Level warning, Level critical, Level clear) implements RuleKind {

    public static final String TYPE = "threshold";

    public ThresholdRule {
        if (metric == null) {
            throw new IllegalArgumentException("a threshold rule needs a metric");
        }
        if (warning == null && critical == null) {
            throw new IllegalArgumentException("a threshold rule needs warning or critical");
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

    public Optional<Level> clearLevel() {
        return Optional.ofNullable(clear);
    }
}
