package io.vigil.alert.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * PromQL's {@code predict_linear(v[window], horizon)} for one series, fed one sample at a time:
 * the least-squares line through the samples of the last {@code window}, read {@code horizon}
 * after the latest sample (PromQL reads it after the evaluation time; a trend rule evaluates at
 * its latest sample, so the two agree).
 *
 * <p>Points are not kept: 50,000 series sampled every second over 6 h would be 17 GB of them. The
 * window is cut into 64 fixed time buckets, each holding the exact partial sums of its samples
 * (n, Σt, Σt², Σv, Σtv), and a bucket is dropped as a whole once it has left the window, so the
 * fit is the exact least squares over the samples of the last window plus at most one bucket
 * (1/64 of the window) older. About 3 KB per series, whatever the sampling rate.
 *
 * <p>Precision: each bucket stores time relative to its own start and values relative to its
 * first value, and the fit shifts the sums to the newest bucket; raw epoch timestamps (1.7e9 s,
 * squared 3e18) times byte counts (1e12) would cancel away every significant digit of the slope.
 * Relative values also make a constant series come out exactly flat.
 *
 * <p>Not thread-safe: one series is fed by one thread, like {@code SeriesLifecycle}.
 */
public final class LinearFit {

    private static final int BUCKETS = 64;
    private static final double NANOS_PER_SECOND = 1e9;

    private final long widthNanos;
    private final int slots;

    // One ring slot per bucket, as parallel primitive arrays: an object per bucket would double the size.
    private final int[] count;
    private final double[] baseValue;
    private final double[] sumT;
    private final double[] sumTT;
    private final double[] sumV;
    private final double[] sumTV;

    private boolean started;
    private long newestBucket;
    private long newestNanos;
    private int points;
    // Samples at exactly newestNanos: when they are all the points, the times are all equal and no line fits.
    private int pointsAtNewest;

    public LinearFit(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        long windowNanos = window.toNanos();
        widthNanos = Math.max(1, ceilDiv(windowNanos, BUCKETS));
        // The buckets that cover [newest - window, newest]: the newest one and ceil(window / width) before it.
        slots = (int) ceilDiv(windowNanos, widthNanos) + 1;
        count = new int[slots];
        baseValue = new double[slots];
        sumT = new double[slots];
        sumTT = new double[slots];
        sumV = new double[slots];
        sumTV = new double[slots];
    }

    /** Adds a sample; NaN and infinite values and samples older than the newest one are ignored. */
    public void add(Instant at, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        long t = nanos(at);
        if (started && t < newestNanos) {
            return;
        }
        long bucket = Math.floorDiv(t, widthNanos);
        if (!started) {
            started = true;
            newestBucket = bucket;
        } else if (bucket > newestBucket) {
            evictUpTo(bucket);
        }
        pointsAtNewest = points > 0 && t == newestNanos ? pointsAtNewest + 1 : 1;
        newestNanos = t;

        int s = slot(bucket);
        if (count[s] == 0) {
            baseValue[s] = value;
        }
        double dt = (t - bucket * widthNanos) / NANOS_PER_SECOND;
        double dv = value - baseValue[s];
        count[s]++;
        sumT[s] += dt;
        sumTT[s] += dt * dt;
        sumV[s] += dv;
        sumTV[s] += dt * dv;
        points++;
    }

    /**
     * The fitted line's value {@code horizon} after the latest sample; empty with fewer than two
     * points or when all points have the same time.
     */
    public OptionalDouble predict(Duration horizon) {
        if (points < 2 || pointsAtNewest == points) {
            return OptionalDouble.empty();
        }
        // Sums over all kept buckets, with t relative to the newest bucket's start and v to its first value.
        double origin = baseValue[slot(newestBucket)];
        double n = 0;
        double st = 0;
        double stt = 0;
        double sv = 0;
        double stv = 0;
        for (int i = 0; i < slots; i++) {
            long bucket = newestBucket - i;
            int s = slot(bucket);
            if (count[s] == 0) {
                continue;
            }
            double ni = count[s];
            double d = ((bucket - newestBucket) * widthNanos) / NANOS_PER_SECOND;
            double e = baseValue[s] - origin;
            n += ni;
            st += sumT[s] + ni * d;
            stt += sumTT[s] + 2 * d * sumT[s] + ni * d * d;
            sv += sumV[s] + ni * e;
            stv += sumTV[s] + e * sumT[s] + d * sumV[s] + ni * d * e;
        }
        double meanT = st / n;
        double meanV = sv / n;
        double varT = stt - st * meanT;
        double covTV = stv - st * meanV;
        if (!(varT > 0)) {
            return OptionalDouble.empty();
        }
        double slope = covTV / varT;
        double x = (newestNanos - newestBucket * widthNanos) / NANOS_PER_SECOND + seconds(horizon);
        return OptionalDouble.of(origin + meanV + slope * (x - meanT));
    }

    /** The number of samples the fit currently covers. */
    public int points() {
        return points;
    }

    /** Clears the buckets that fall out of the window once {@code bucket} is the newest. */
    private void evictUpTo(long bucket) {
        long stale = Math.min(bucket - newestBucket, slots);
        for (long b = bucket - stale + 1; b <= bucket; b++) {
            int s = slot(b);
            points -= count[s];
            count[s] = 0;
            baseValue[s] = 0;
            sumT[s] = 0;
            sumTT[s] = 0;
            sumV[s] = 0;
            sumTV[s] = 0;
        }
        newestBucket = bucket;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) slots);
    }

    private static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / NANOS_PER_SECOND;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
