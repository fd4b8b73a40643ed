package io.vigil.alert.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.alert.rule.RuleEngine;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stages that decide what is not applied: replayed records and stale samples. */
class SkipStagesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry, PipelineMetrics.METRIC_BATCHES);

    private static IncomingRecord record(int partition, long offset) {
        return new IncomingRecord("metrics", partition, offset, "h", "{}");
    }

    @Test
    void recordsBelowTheStoredOffsetOfTheirPartitionAreSkippedAndCounted() {
        Batch batch = new Batch(List.of(record(0, 9), record(0, 10), record(1, 3)), NOW);
        batch.partitions.put(0, new PartitionState(0, 1, 10, new RuleEngine(List.of())));
        batch.partitions.put(1, new PartitionState(1, 1, -1, new RuleEngine(List.of())));

        new SkipReplayed(metrics).apply(batch).await().indefinitely();

        assertThat(batch.fresh).extracting(IncomingRecord::offset).containsExactly(10L, 3L);
        assertThat(registry.counter("vigil.metric.batches", "outcome", "replayed").count()).isEqualTo(1);
    }

    @Test
    void batchesOlderThanTheMaximumAgeAreSkippedAndCounted() {
        Batch batch = new Batch(List.of(record(0, 1), record(0, 2)), NOW);
        EventSource source = new EventSource("collector-service", "t");
        batch.parsed.add(new Batch.Parsed(record(0, 1), Event.of(
                MetricBatch.of(source, "h", NOW.minus(Duration.ofMinutes(16)), List.of(MetricSample.of("m", 1))))));
        batch.parsed.add(new Batch.Parsed(record(0, 2), Event.of(
                MetricBatch.of(source, "h", NOW.minus(Duration.ofMinutes(14)), List.of(MetricSample.of("m", 1))))));

        new SkipStale(Duration.ofMinutes(15), metrics).apply(batch).await().indefinitely();

        assertThat(batch.parsed).extracting(p -> p.record().offset()).containsExactly(2L);
        assertThat(registry.counter("vigil.metric.batches", "outcome", "too_old").count()).isEqualTo(1);
    }
}
