package io.vigil.launcher;

import java.time.Duration;

/**
 * When to restart a service that failed: 1 s, 2 s, 4 s … up to 60 s between attempts, so a service
 * that crashes at once on every start neither spins the CPU nor floods its log; back to 1 s once it
 * has stayed ready for a while, so a crash a day later is not punished for old ones. Times are
 * {@link System#nanoTime()} readings, passed in so that tests drive the clock.
 */
public final class RestartBackoff {

    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(60);
    /** Ready this long and the next failure counts as the first again. */
    public static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    private final Duration initial;
    private final Duration max;
    private final Duration stableAfter;
    private int consecutiveFailures;
    private int restarts;
    private long readySince;
    private boolean ready;

    public RestartBackoff() {
        this(INITIAL, MAX, STABLE_AFTER);
    }

    public RestartBackoff(Duration initial, Duration max, Duration stableAfter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.stableAfter = stableAfter;
    }

    /** The service became ready at {@code nowNanos}. */
    public synchronized void ready(long nowNanos) {
        ready = true;
        readySince = nowNanos;
    }

    /** The service failed at {@code nowNanos} (exited, not live, or not ready in time): how long to wait before the next start. */
    public synchronized Duration failed(long nowNanos) {
        if (ready && nowNanos - readySince >= stableAfter.toNanos()) {
            consecutiveFailures = 0;
        }
        ready = false;
        consecutiveFailures++;
        restarts++;
        return delay(consecutiveFailures);
    }

    /** Restarts scheduled so far in this run, for the console ("restart 3"). */
    public synchronized int restarts() {
        return restarts;
    }

    /** The wait after the {@code n}th failure in a row (1-based): initial × 2^(n−1), capped at max. */
    Duration delay(int n) {
        // Past 2^20 the cap has long applied; stopping the shift there keeps it from overflowing.
        long factor = 1L << Math.min(n - 1, 20);
        long millis = initial.toMillis() * factor;
        return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
