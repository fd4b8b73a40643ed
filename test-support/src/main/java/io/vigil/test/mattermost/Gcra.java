package io.vigil.test.mattermost;

/**
 * The arithmetic of Mattermost's rate limiter (RateLimitSettings {@code PerSec}, {@code MaxBurst}),
 * which is the GCRA of the Go library throttled: one "theoretical arrival time" moved on by one
 * emission interval per accepted request. Like Mattermost it lets {@code burst + 1} requests through
 * at once, then one per interval. Time is a {@link System#nanoTime()} value passed in, so a test can
 * drive it with a made-up clock; all arithmetic is on whole nanoseconds.
 */
final class Gcra {

    private static final long SECOND = 1_000_000_000L;

    /**
     * What the limiter said about one request, and what Mattermost puts in its headers.
     *
     * @param limit           {@code burst + 1}, the {@code X-RateLimit-Limit} header
     * @param remaining       requests that would pass right now, {@code X-RateLimit-Remaining}
     * @param resetAfterNanos until the bucket is full again, {@code X-RateLimit-Reset} (rounded up to seconds)
     * @param retryAfterNanos until this request would have passed, {@code Retry-After}; -1 when it passed
     */
    record Decision(boolean limited, int limit, int remaining, long resetAfterNanos, long retryAfterNanos) {

        int resetSeconds() {
            return ceilSeconds(resetAfterNanos);
        }

        int retryAfterSeconds() {
            return ceilSeconds(retryAfterNanos);
        }

        private static int ceilSeconds(long nanos) {
            // throttled rounds up (math.Ceil): waiting the advertised seconds is always enough.
            return (int) ((nanos + SECOND - 1) / SECOND);
        }
    }

    private final long interval;
    private final long tolerance;
    private final int limit;
    private boolean started;
    private long tat;

    /**
     * @param perSecond the sustained rate; the interval is rounded up to whole nanoseconds, so the
     *                  limiter never lets more than {@code perSecond} through per second
     * @param burst     requests allowed at once beyond the first
     */
    Gcra(double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number: " + perSecond);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must not be negative: " + burst);
        }
        double exact = Math.ceil(SECOND / perSecond);
        if (exact >= Long.MAX_VALUE / 4.0 / (burst + 1.0)) {
            throw new IllegalArgumentException("perSecond " + perSecond + " with burst " + burst + " is too slow");
        }
        this.interval = Math.max(1L, (long) exact);
        this.tolerance = interval * (burst + 1L);
        this.limit = burst + 1;
    }

    /** Takes one request arriving at {@code now} (a nanoTime value), updating the state only when it passes. */
    Decision take(long now) {
        // Differences, not comparisons, as nanoTime may wrap.
        long current = started ? tat : now;
        long newTat = (now - current > 0 ? now : current) + interval;
        long allowAt = newTat - tolerance;
        long ttl;
        long retryAfter = -1;
        boolean limited = now - allowAt < 0;
        if (limited) {
            retryAfter = allowAt - now;
            ttl = current - now;
        } else {
            tat = newTat;
            started = true;
            ttl = newTat - now;
        }
        long next = tolerance - ttl;
        int remaining = next > -interval ? (int) (next / interval) : 0;
        return new Decision(limited, limit, remaining, ttl, retryAfter);
    }
}
