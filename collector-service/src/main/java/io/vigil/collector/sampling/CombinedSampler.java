package io.vigil.collector.sampling;

import io.quarkus.logging.Log;
import io.vigil.events.MetricSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tick's samples from several sources (the host, watched processes, Fail2Ban,
 * sensors), in one batch. A source that throws loses only its own samples for that tick; its
 * failure is logged when it starts and when it ends, not every tick.
 */
public final class CombinedSampler implements Sampler {

    private final Map<String, Sampler> sources;
    private final Map<String, Boolean> failing = new LinkedHashMap<>();

    /** @param sources by name (for the log), in the order their samples go into the batch */
    public CombinedSampler(Map<String, Sampler> sources) {
        this.sources = new LinkedHashMap<>(sources);
    }

    @Override
    public List<MetricSample> sample() {
        List<MetricSample> all = new ArrayList<>(96);
        sources.forEach((name, source) -> {
            try {
                all.addAll(source.sample());
                if (failing.put(name, false) == Boolean.TRUE) {
                    Log.infof("sampling works again source=%s", name);
                }
            } catch (RuntimeException e) {
                if (failing.put(name, true) != Boolean.TRUE) {
                    Log.warnf(e, "sampling failed source=%s: its samples are left out until it works", name);
                }
            }
        });
        return all;
    }
}
