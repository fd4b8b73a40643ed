package io.vigil.alert.rollup;

import java.time.Instant;
import java.util.Map;

/**
 * What one series did in one minute: min, max, sum, count and the last value with its time. Two
 * rollups of the same minute combine into the rollup of all their samples, which is what lets the
 * writer send open minutes early and add to them later.
 */
public final class MinuteRollup {

    private final String metric;
    private final Map<String, String> labels;
    private final Instant minute;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private long count;
    private double last;
    private Instant lastAt;

    public MinuteRollup(String metric, Map<String, String> labels, Instant minute) {
        this.metric = metric;
        this.labels = labels;
        this.minute = minute;
    }

    /** A stored rollup as read back. */
    public static MinuteRollup of(String metric, Map<String, String> labels, Instant minute, double min, double max,
            double sum, long count, double last, Instant lastAt) {
        MinuteRollup r = new MinuteRollup(metric, labels, minute);
        r.min = min;
        r.max = max;
        r.sum = sum;
        r.count = count;
        r.last = last;
        r.lastAt = lastAt;
        return r;
    }

    /** Adds one sample taken at {@code at} (within this minute). */
    public void add(double value, Instant at) {
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        count++;
        if (lastAt == null || !at.isBefore(lastAt)) {
            last = value;
            lastAt = at;
        }
    }

    /** Adds everything {@code other} holds (the same series; any minute, when steps combine minutes). */
    public void merge(MinuteRollup other) {
        if (other.count == 0) {
            return;
        }
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        count += other.count;
        if (lastAt == null || !other.lastAt.isBefore(lastAt)) {
            last = other.last;
            lastAt = other.lastAt;
        }
    }

    public String metric() {
        return metric;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Instant minute() {
        return minute;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double sum() {
        return sum;
    }

    public long count() {
        return count;
    }

    public double avg() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public double last() {
        return last;
    }

    public Instant lastAt() {
        return lastAt;
    }
}
