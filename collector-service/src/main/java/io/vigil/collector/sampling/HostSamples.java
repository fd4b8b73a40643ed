package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.MetricNames.*;

import io.vigil.events.MetricSample;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * How both host samplers turn readings into samples, so that the /proc and the OSHI paths cannot
 * drift apart in what a series means: ratios clamped to [0, 1], df's used share, rates from the
 * second reading on.
 */
final class HostSamples {

    private HostSamples() {
    }

    /** A ratio clamped to [0, 1]; left out when unknown (NaN). */
    static void ratio(List<MetricSample> samples, String name, Map<String, String> labels, double value) {
        // Tick arithmetic can stray just outside [0, 1]; a ratio must not.
        if (!Double.isNaN(value)) {
            samples.add(new MetricSample(name, labels, Math.min(1.0, Math.max(0.0, value))));
        }
    }

    /** Memory and swap, in bytes, and the used share of memory. */
    static void memory(List<MetricSample> samples, long total, long available, long swapTotal, long swapUsed) {
        samples.add(MetricSample.of(MEMORY_TOTAL_BYTES, total));
        samples.add(MetricSample.of(MEMORY_AVAILABLE_BYTES, available));
        if (total > 0) {
            ratio(samples, MEMORY_USED_RATIO, Map.of(), (double) (total - available) / total);
        }
        samples.add(MetricSample.of(SWAP_TOTAL_BYTES, swapTotal));
        samples.add(MetricSample.of(SWAP_USED_BYTES, swapUsed));
    }

    /**
     * One file system's four series.
     *
     * @param free bytes free, root's reserve included
     * @param available bytes an unprivileged user can still write
     */
    static void fileSystem(List<MetricSample> samples, Map<String, String> labels, long size, long free,
            long available) {
        long used = size - free;
        samples.add(new MetricSample(FILESYSTEM_SIZE_BYTES, labels, size));
        samples.add(new MetricSample(FILESYSTEM_FREE_BYTES, labels, free));
        samples.add(new MetricSample(FILESYSTEM_AVAILABLE_BYTES, labels, available));
        // df's Use%: root-reserved blocks count as unavailable, so 100% means users are out of space.
        long usable = used + available;
        ratio(samples, FILESYSTEM_USED_RATIO, labels, usable > 0 ? (double) used / usable : 0.0);
    }

    /**
     * Records a counter reading under {@code key} (added to {@code keys}, the series read this tick)
     * and adds its per-second rate when there is one; with {@code samples} null only records.
     */
    static void rate(RateCalculator rates, Set<String> keys, List<MetricSample> samples, String key, String metric,
            Map<String, String> labels, long counter, long atMillis) {
        keys.add(key);
        OptionalDouble perSecond = rates.rate(key, new RateCalculator.Reading(counter, atMillis));
        if (samples != null && perSecond.isPresent()) {
            samples.add(new MetricSample(metric, labels, perSecond.getAsDouble()));
        }
    }
}
