package io.vigil.collector.sampling;

import io.vigil.events.MetricSample;
import java.util.List;
import java.util.Map;

/** Adds a ratio sample the way both host samplers must: clamped to [0, 1], left out when unknown. */
final class Ratios {

    private Ratios() {
    }

    static void add(List<MetricSample> samples, String name, Map<String, String> labels, double value) {
        // Tick arithmetic can stray just outside [0, 1]; a ratio must not.
        if (!Double.isNaN(value)) {
            samples.add(new MetricSample(name, labels, Math.min(1.0, Math.max(0.0, value))));
        }
    }
}
