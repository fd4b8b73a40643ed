package io.vigil.domain.tls;

import java.time.Duration;
import java.time.Instant;

/**
 * Days until a certificate expires, rounded up: a certificate expiring in 4 days 23 hours "expires
 * in 5 days", as a person counting calendar days would say, and one that expires at all in the
 * future never reads 0. Zero or less means expired.
 */
final class DaysLeft {

    static final long SECONDS_PER_DAY = 86_400;

    private DaysLeft() {
    }

    /** ceil((notAfter - now) / 1 day), in whole days; {@code <= 0} once expired. */
    static long of(Instant now, Instant notAfter) {
        Duration left = Duration.between(now, notAfter);
        // getSeconds() floors; a fraction of a second left still counts towards the next second.
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return -Math.floorDiv(-seconds, SECONDS_PER_DAY);
    }

    /** Whole days since an expired certificate's notAfter, rounded down (0: less than a day ago). */
    static long ago(Instant now, Instant notAfter) {
        return Math.max(0, Duration.between(notAfter, now).getSeconds() / SECONDS_PER_DAY);
    }
}
