package io.vigil.collector.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.MetricSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One tick from several sources: in order, and a failing source costs only its own samples. */
class CombinedSamplerTest {

    @Test
    void samplesOfEverySourceInOrderAndAFailingSourceLosesOnlyItsOwn() {
        AtomicBoolean broken = new AtomicBoolean(true);
        Map<String, Sampler> sources = new LinkedHashMap<>();
        sources.put("host", () -> List.of(MetricSample.of("host_up", 1)));
        sources.put("processes", () -> {
            if (broken.get()) {
                throw new IllegalStateException("/proc unreadable");
            }
            return List.of(MetricSample.of("host_process_up", 1, "process", "api"));
        });
        sources.put("sensors", () -> List.of(MetricSample.of("host_fan_rpm", 900, "fan", "fan1")));
        CombinedSampler sampler = new CombinedSampler(sources);

        assertThat(sampler.sample()).extracting(MetricSample::name).containsExactly("host_up", "host_fan_rpm");

        broken.set(false);
        assertThat(sampler.sample()).extracting(MetricSample::name)
                .containsExactly("host_up", "host_process_up", "host_fan_rpm");
    }
}
