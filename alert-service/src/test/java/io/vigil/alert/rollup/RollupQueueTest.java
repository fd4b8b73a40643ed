package io.vigil.alert.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
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

    @Test
    void theWriterTakesABatchAsSoonAsItComesAndWhatQueuedBehindIt() throws InterruptedException {
        RollupQueue queue = new RollupQueue(10, new SimpleMeterRegistry());
        Rollups rollups = new Rollups();
        assertThat(queue.awaitTo(rollups, 10, Duration.ofMillis(10))).isZero();

        for (String host : List.of("a", "b", "c")) {
            queue.offer(MetricBatch.of(SOURCE, host, Instant.now(), List.of(MetricSample.of("cpu", 1))));
        }

        assertThat(queue.awaitTo(rollups, 2, Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(rollups.size()).isEqualTo(2);
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        return registry.get("vigil.rollup.samples").tag("outcome", outcome).counter().count();
    }
}
