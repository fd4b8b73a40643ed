package io.vigil.config;

/**
 * A token bucket for one Mattermost destination: on average {@code perSecond} requests a second, with
 * up to {@code burst} at once after a quiet spell. Mattermost's own limiter answers 429 beyond its
 * limit (10/s, burst 100 by default): staying under it means a storm is delivered, not retried.
 */
public record RateLimit(double perSecond, int burst) {

    /** The notifier's default: 10 a second, bursts of 20. */
    public static final RateLimit DEFAULT = new RateLimit(10, 20);

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("per-second must be a positive number: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }
}
