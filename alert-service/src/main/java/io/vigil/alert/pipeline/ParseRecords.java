package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.events.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads each record with the pipeline's {@link EventFormat}; an unreadable one goes to the topic's
 * dead-letter topic ({@code metrics-dlq}, {@code health-results-dlq}, {@code domain-findings-dlq})
 * with the reason, and the
 * batch goes on.
 */
final class ParseRecords implements Stage {

    private final EventFormat format;
    private final DeadLetterSink deadLetters;
    private final Retry retry;
    private final PipelineMetrics metrics;

    ParseRecords(EventFormat format, DeadLetterSink deadLetters, Retry retry, PipelineMetrics metrics) {
        this.format = format;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        List<Uni<Void>> rejected = new ArrayList<>();
        for (IncomingRecord record : batch.fresh) {
            try {
                batch.parsed.add(new Batch.Parsed(record, format.read(record.value())));
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
