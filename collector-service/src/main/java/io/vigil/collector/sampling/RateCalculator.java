package io.vigil.collector.sampling;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns monotonic counters (bytes read, bytes received) into per-second rates between two
 * readings of the same series. Not thread-safe: one sampler thread owns it.
 */
public final class RateCalculator {

    /** One counter value and when it was read, in epoch milliseconds. */
    public record Reading(long value, long atMillis) {
    }

    private final Map<String, Reading> previous = new HashMap<>();

    /**
     * The per-second rate of {@code key} since its previous reading, and remembers this one. Empty
     * for the first reading of a series, when time did not advance, and when the counter went
     * down: a reboot, a driver reload or a 32-bit wrap resets it, and the true increase across a
     * reset is unknowable, so no rate is better than a negative or a made-up one.
     */
    public OptionalDouble rate(String key, Reading current) {
        Reading before = previous.put(key, current);
        return before == null ? OptionalDouble.empty() : perSecond(before, current);
    }

    /** The rate between two readings, empty if it cannot be known (see {@link #rate}). */
    public static OptionalDouble perSecond(Reading before, Reading after) {
        long elapsedMillis = after.atMillis() - before.atMillis();
        long increase = after.value() - before.value();
        if (elapsedMillis <= 0 || increase < 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(increase * 1000.0 / elapsedMillis);
    }

    /** Forgets series not read this tick, so an interface that went away does not leak. */
    public void retainOnly(Set<String> keys) {
        previous.keySet().retainAll(keys);
    }

    /** How many series it remembers (for tests). */
    int size() {
        return previous.size();
    }
}
