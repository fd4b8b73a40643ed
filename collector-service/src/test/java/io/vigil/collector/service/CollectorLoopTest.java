package io.vigil.collector.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.collector.config.CollectorSetup;
import io.vigil.collector.messaging.MetricPublisher;
import io.vigil.collector.messaging.RecordingEmitter;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CollectorLoopTest {

    private final RecordingEmitter emitter = new RecordingEmitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CollectorSetup setup = new CollectorSetup(Duration.ofSeconds(1), "web-1");

    @Test
    void tickPublishesOneBatchWithEverySampleAndUpdatesTheGauges() {
        CollectorLoop loop = new CollectorLoop(
                () -> List.of(MetricSample.of("host_load1", 0.5), MetricSample.of("host_processes", 12)),
                new MetricPublisher(emitter, registry), setup, registry);

        loop.tick();

        assertThat(emitter.messages).hasSize(1);
        MetricBatch batch = Json.read(emitter.messages.get(0).getPayload(), MetricBatch.class);
        assertThat(batch.host()).isEqualTo("web-1");
        assertThat(batch.source().service()).isEqualTo("collector-service");
        assertThat(batch.samples()).extracting(MetricSample::name).containsExactly("host_load1", "host_processes");
        assertThat(registry.get("host.load1").gauge().value()).isEqualTo(0.5);
        assertThat(registry.get("vigil.collector.snapshot").timer().count()).isEqualTo(1);
    }

    @Test
    void failingSnapshotPublishesNothingAndTheNextTickStillRuns() {
        AtomicInteger calls = new AtomicInteger();
        CollectorLoop loop = new CollectorLoop(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("statvfs hung up");
            }
            return List.of(MetricSample.of("host_load1", 1.0));
        }, new MetricPublisher(emitter, registry), setup, registry);

        loop.tick();
        assertThat(emitter.messages).isEmpty();

        loop.tick();
        assertThat(emitter.messages).hasSize(1);
    }
}
