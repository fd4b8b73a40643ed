package io.vigil.alert.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-off never waits: a full queue counts the batch's samples as dropped and moves on. */
class RollupQueueTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");

    @Test
    void aFullQueueCountsTheSamplesAsDroppedWithoutWaiting() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RollupQueue queue = new RollupQueue(1, registry);
        MetricBatch two = MetricBatch.of(SOURCE, "h", Instant.now(),
                List.of(MetricSample.of("a", 1), MetricSample.of("b", 2)));

        assertThat(queue.offer(two)).isTrue();
        assertThat(queue.offer(two)).isFalse();

        assertThat(count(registry, "queued")).isEqualTo(2);
        assertThat(count(registry, "dropped")).isEqualTo(2);
        Rollups rollups = new Rollups();
        assertThat(queue.drainTo(rollups, 10)).isEqualTo(1);
        assertThat(rollups.size()).isEqualTo(2);
        assertThat(queue.offer(two)).isTrue();
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        return registry.get("vigil.rollup.samples").tag("outcome", outcome).counter().count();
    }
}
