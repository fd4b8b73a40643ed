package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One level of a threshold rule: the value is {@code above} or {@code below} a threshold, and must
 * stay so {@code for} a duration before the level counts.
 */
public record Level(Direction direction, double threshold, Duration forDuration) {

    /** Which side of the threshold breaches. Equality never breaches, as in {@code >} and {@code <}. */
    public enum Direction {
        ABOVE("above"),
        BELOW("below");

        private final String key;

        Direction(String key) {
            this.key = key;
        }

        /** The config key: {@code above} or {@code below}. */
        public String key() {
            return key;
        }

        public Direction opposite() {
            return this == ABOVE ? BELOW : ABOVE;
        }
    }

    public Level {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(forDuration, "forDuration");
    }

    public static Level above(double threshold, Duration forDuration) {
        return new Level(Direction.ABOVE, threshold, forDuration);
    }

    public static Level below(double threshold, Duration forDuration) {
        return new Level(Direction.BELOW, threshold, forDuration);
    }

    /** Whether {@code value} is on the breaching side of the threshold. NaN never matches. */
    public boolean matches(double value) {
        return direction == Direction.ABOVE ? value > threshold : value < threshold;
    }

    @Override
    public String toString() {
        return direction.key() + " " + threshold + " for " + Durations.format(forDuration);
    }
}
