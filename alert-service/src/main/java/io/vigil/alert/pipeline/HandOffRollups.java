package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.rollup.RollupQueue;
import io.vigil.events.MetricBatch;

/**
 * Hands each fresh metric batch to the rollup writer: one non-blocking queue offer per record,
 * nothing else on the evaluation path. A full queue drops the batch's samples for the charts
 * (counted); alerts are not affected.
 */
final class HandOffRollups implements Stage {

    private final RollupQueue queue;

    HandOffRollups(RollupQueue queue) {
        this.queue = queue;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        for (Batch.Parsed p : batch.parsed) {
            MetricBatch metrics = p.event().metricBatch();
            if (metrics != null) {
                queue.offer(metrics);
            }
        }
        return Uni.createFrom().voidItem();
    }
}
