package io.vigil.alert.lifecycle;

import io.vigil.config.Level;
import io.vigil.config.ThresholdRule;
import io.vigil.config.TrendRule;
import java.util.Optional;

/**
 * The levels a value is judged against: warning and/or critical, and an optional clear level for
 * hysteresis. Threshold rules judge the sample; trend rules judge the predicted value.
 */
public record Levels(Level warning, Level critical, Level clear) {

    /** No levels: for rules that fire and resolve by other means (absence). */
    public static final Levels NONE = new Levels(null, null, null);

    public static Levels of(ThresholdRule rule) {
        return new Levels(rule.warning(), rule.critical(), rule.clear());
    }

    public static Levels of(TrendRule rule) {
        return new Levels(rule.warning(), rule.critical(), null);
    }

    public Optional<Level> clearLevel() {
        return Optional.ofNullable(clear);
    }

    /** Whether the value breaches any level: the cheap question asked of every sample with nothing open. */
    public boolean breached(double value) {
        return (warning != null && warning.matches(value)) || (critical != null && critical.matches(value));
    }

    /** The side of the threshold that breaches; worse values are further that way. */
    public Level.Direction direction() {
        return warning != null ? warning.direction() : critical != null ? critical.direction() : Level.Direction.ABOVE;
    }
}
