package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts and skips events (metric batches, health results) older than the maximum age: after a lost consumer group, or a long
 * outage, old history must not fire (and resolve) alerts that nobody can act on any more.
 */
final class SkipStale implements Stage {

    private final Duration maxAge;
    private final PipelineMetrics metrics;

    SkipStale(Duration maxAge, PipelineMetrics metrics) {
        this.maxAge = maxAge;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        Instant oldest = batch.receivedAt().minus(maxAge);
        batch.parsed.removeIf(p -> {
            if (p.event().occurredAt().isBefore(oldest)) {
                metrics.skipped("too_old");
                return true;
            }
            return false;
        });
        return Uni.createFrom().voidItem();
    }
}
