package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricBatchReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads each record as a {@link MetricBatch}; an unreadable one goes to {@code metrics-dlq} with the
 * reason, and the batch goes on. The streaming {@link MetricBatchReader} answers as
 * {@code Json.read} does (same batches, same rejections) at a fraction of the time and garbage; it
 * is not thread-safe, which is fine here: the pipeline runs one batch at a time.
 */
final class ParseRecords implements Stage {

    private final MetricBatchReader reader = new MetricBatchReader();
    private final DeadLetterSink deadLetters;
    private final Retry retry;
    private final PipelineMetrics metrics;

    ParseRecords(DeadLetterSink deadLetters, Retry retry, PipelineMetrics metrics) {
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        List<Uni<Void>> rejected = new ArrayList<>();
        for (IncomingRecord record : batch.fresh) {
            try {
                batch.parsed.add(new Batch.Parsed(record, reader.read(record.value())));
            } catch (Json.EventFormatException e) {
                metrics.skipped("dead_lettered");
                rejected.add(retry.untilDone("dead-letter (Kafka)",
                        () -> deadLetters.send(record, e.getMessage(), e.getClass().getName())));
            }
        }
        return rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
    }
}
