package io.vigil.bench;

import java.util.Arrays;

/**
 * How late each observed check run started, from outside the service. The scheduler plans run k of
 * a check at {@code t0 + offset(check) + k * interval}: the check's {@code Spread} offset, a fixed
 * rate, and {@code t0} = when the scheduler took the check on at start-up. That {@code t0} is not
 * quite one instant: the scheduler works through the start-up list on its event loop, and on a busy
 * machine that took 0.03–0.85 s in our runs, once with a few checks done long before the rest. So each
 * check's reference is its own earliest phase over every run seen (warm-up included): a run's lag
 * is how much later than that check's best run it started. That is the jitter; a lag that every
 * run of a check shares would not show (the service's own start-lag summary would).
 *
 * <p>Phases are taken on a circle of one interval, {@code (time - offset) mod interval}, opened
 * where the largest empty arc is, so that checks whose runs fall just either side of the wrap are
 * not read as an interval apart. This holds while lags stay well under half an interval. Works
 * with any one clock for all times.
 */
final class StartLags {

    /**
     * @param sortedSeconds the counted runs' lags, sorted
     * @param referenceSpreadSeconds how far apart the checks' references are (the start-up list's
     *     duration, plus any lag a check had in every run)
     */
    record Lags(double[] sortedSeconds, double referenceSpreadSeconds) {

        double percentile(double p) {
            return StartLags.percentile(sortedSeconds, p);
        }
    }

    private StartLags() {
    }

    /**
     * @param checks the check of each observed run
     * @param times when each run started, nanoseconds
     * @param counted whether a run counts in the figures (the others only help find the reference)
     * @param offsets each check's planned offset in its interval, nanoseconds, by check
     */
    static Lags of(int[] checks, long[] times, boolean[] counted, long[] offsets, long intervalNanos) {
        int n = times.length;
        if (n == 0) {
            return new Lags(new double[0], Double.NaN);
        }
        long[] phase = new long[n];
        for (int i = 0; i < n; i++) {
            phase[i] = Math.floorMod(times[i] - offsets[checks[i]], intervalNanos);
        }
        long[] sorted = phase.clone();
        Arrays.sort(sorted);
        // The largest empty arc between neighbours, the wrap from the last back to the first included.
        long zero = sorted[0];
        long widest = sorted[0] + intervalNanos - sorted[n - 1];
        for (int i = 1; i < n; i++) {
            long gap = sorted[i] - sorted[i - 1];
            if (gap > widest) {
                widest = gap;
                zero = sorted[i];
            }
        }
        long[] best = new long[offsets.length];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            phase[i] = Math.floorMod(phase[i] - zero, intervalNanos);
            best[checks[i]] = Math.min(best[checks[i]], phase[i]);
        }
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (long b : best) {
            if (b != Long.MAX_VALUE) {
                lowest = Math.min(lowest, b);
                highest = Math.max(highest, b);
            }
        }
        double[] lags = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (counted[i]) {
                lags[k++] = (phase[i] - best[checks[i]]) / 1e9;
            }
        }
        lags = Arrays.copyOf(lags, k);
        Arrays.sort(lags);
        return new Lags(lags, (highest - lowest) / 1e9);
    }

    /** Nearest-rank percentile of sorted values (NaN when empty). */
    static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
