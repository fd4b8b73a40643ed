package io.vigil.collector.sampling;

import io.vigil.events.MetricSample;
import java.util.List;

/** Takes one snapshot of a host; the seam that lets the collector loop be tested with a fake. */
@FunctionalInterface
public interface Sampler {

    /** The samples of one tick; rates cover the time since the previous call. */
    List<MetricSample> sample();
}
