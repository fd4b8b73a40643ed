package io.vigil.notifier.delivery;

import io.vigil.config.RateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per destination, by reservation: each request takes the next free slot and is told
 * how long to wait for it. After a burst, slots are {@code 1/perSecond} apart, so however many lanes
 * and routes share a destination, its requests never go out faster than its limit allows.
 *
 * <p>Plain Java with an injectable clock (nanoseconds), so the arithmetic is tested without waiting.
 */
public final class TokenBuckets {

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Reserves the next slot of {@code key}'s bucket and returns how long to wait for it (zero: go now). */
    public Duration reserve(String key, RateLimit limit) {
        return buckets.computeIfAbsent(key, k -> new Bucket()).reserve(limit, nanoTime.getAsLong());
    }

    /**
     * Generic cell rate: the bucket is the "theoretical arrival time" of the next request. A request may
     * go at {@code tat - burst * interval}; each one pushes {@code tat} one interval further.
     */
    private static final class Bucket {
        private long tat = Long.MIN_VALUE;

        synchronized Duration reserve(RateLimit limit, long now) {
            long interval = Math.max(1, Math.round(1e9 / limit.perSecond()));
            long tolerance = (long) (limit.burst() - 1) * interval;
            long start = tat == Long.MIN_VALUE || tat < now ? now : tat;
            long allowedAt = start - tolerance;
            long slot = Math.max(now, allowedAt);
            tat = start + interval;
            return Duration.ofNanos(slot - now);
        }
    }
}
