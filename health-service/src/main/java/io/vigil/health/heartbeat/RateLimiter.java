package io.vigil.health.heartbeat;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by a string (a heartbeat token, a client address) for the unauthenticated
 * heartbeat endpoint: thread-safe, O(1) per call, and bounded in memory.
 *
 * <p><b>Memory.</b> A bucket that has refilled completely behaves exactly like a new one, so it is
 * dropped at the next sweep (sweeps run during calls, at most once per {@link #SWEEP_INTERVAL_NANOS});
 * dropping it changes no answer. On top of that, at most {@code maxKeys} buckets exist. When that
 * many keys are all busy, a <em>new</em> key is refused rather than a busy bucket evicted: evicting
 * a partly drained bucket hands its key a fresh burst, so an attacker cycling through addresses
 * could keep resetting the buckets it wants reset. Refusing costs new clients at most a sweep
 * interval after the flood stops, and known clients are never refused because of it.
 *
 * <p>Use one instance per key kind; for tokens, ask only after the token was found, so unknown
 * tokens never occupy a bucket.
 */
public final class RateLimiter {

    /** Per heartbeat token: a burst of 10 calls, then 1 a second. */
    public static final int TOKEN_BURST = 10;
    public static final double TOKEN_PER_SECOND = 1;
    /** Per client address: a burst of 30 calls, then 5 a second (several jobs behind one NAT). */
    public static final int CLIENT_BURST = 30;
    public static final double CLIENT_PER_SECOND = 5;
    /** Buckets held at most per limiter: about 150 bytes each, so under 2 MB. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    /** How often full buckets are swept out, at most. */
    public static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final long nanosPerToken;
    private final long capacityNanos;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param capacity the burst: how many calls a key may make at once
     * @param refillPerSecond the sustained rate, e.g. {@code 0.5} for one call every two seconds
     * @param nanoClock monotonic nanoseconds, {@code System::nanoTime} in production
     */
    public RateLimiter(int capacity, double refillPerSecond, int maxKeys, LongSupplier nanoClock) {
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("rate limit capacity " + capacity + " is not between 1 and 1000000");
        }
        if (!(refillPerSecond > 0) || refillPerSecond > 1e9 || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("rate limit refill " + refillPerSecond + "/s is not above 0");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("rate limit maxKeys " + maxKeys + " is not at least 1");
        }
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        // Credit is kept in nanoseconds of refill time, so refilling is one addition and exact.
        this.nanosPerToken = Math.max(1, Math.round(1e9 / refillPerSecond));
        this.capacityNanos = Math.multiplyExact(capacity, nanosPerToken);
        this.maxKeys = maxKeys;
        this.nextSweep = new AtomicLong(nanoClock.getAsLong() + SWEEP_INTERVAL_NANOS);
    }

    /** One per heartbeat token, with the documented defaults. */
    public static RateLimiter perToken(LongSupplier nanoClock) {
        return new RateLimiter(TOKEN_BURST, TOKEN_PER_SECOND, DEFAULT_MAX_KEYS, nanoClock);
    }

    /** One per client address, with the documented defaults. */
    public static RateLimiter perClient(LongSupplier nanoClock) {
        return new RateLimiter(CLIENT_BURST, CLIENT_PER_SECOND, DEFAULT_MAX_KEYS, nanoClock);
    }

    /** Takes one call from {@code key}'s bucket: false when it is empty, or when it is new and no room is left. */
    public boolean tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        while (true) {
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                // Several threads may pass this check together: the cap can be exceeded by at most
                // the number of concurrent callers, which keeps the common path lock-free.
                if (buckets.size() >= maxKeys) {
                    return false;
                }
                bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacityNanos, now));
            }
            int outcome = bucket.take(now, nanosPerToken, capacityNanos);
            if (outcome != Bucket.RETIRED) {
                return outcome == Bucket.TAKEN;
            }
            // A sweep removed this bucket between our lookup and take: it was full, so start anew.
        }
    }

    /** How many keys have a bucket now, for metrics and tests. */
    public int trackedKeys() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            return; // not due, or another thread is sweeping
        }
        Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Bucket> entry = it.next();
            if (entry.getValue().retireIfFull(now, capacityNanos)) {
                buckets.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    /** One key's credit, in nanoseconds of refill time; {@code retired} once swept out of the map. */
    private static final class Bucket {
        static final int TAKEN = 0;
        static final int EMPTY = 1;
        static final int RETIRED = 2;

        private long credit;
        private long last;
        private boolean retired;

        Bucket(long capacityNanos, long now) {
            this.credit = capacityNanos;
            this.last = now;
        }

        synchronized int take(long now, long nanosPerToken, long capacityNanos) {
            if (retired) {
                return RETIRED;
            }
            refill(now, capacityNanos);
            if (credit < nanosPerToken) {
                return EMPTY;
            }
            credit -= nanosPerToken;
            return TAKEN;
        }

        synchronized boolean retireIfFull(long now, long capacityNanos) {
            refill(now, capacityNanos);
            retired = credit >= capacityNanos;
            return retired;
        }

        private void refill(long now, long capacityNanos) {
            long elapsed = now - last;
            if (elapsed > 0) {
                // Compared before adding, so a long idle time cannot overflow.
                credit = elapsed >= capacityNanos - credit ? capacityNanos : credit + elapsed;
                last = now;
            }
        }
    }
}
