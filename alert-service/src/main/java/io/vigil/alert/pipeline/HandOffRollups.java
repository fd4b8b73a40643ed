package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.live.LiveFeed;
import io.vigil.alert.rollup.RollupQueue;
import io.vigil.events.MetricBatch;

/**
 * Hands each fresh metric batch to the rollup writer: one non-blocking queue offer per record,
 * nothing else on the evaluation path. A full queue drops the batch's samples for the charts
 * (counted); alerts are not affected. The live dashboard's feed sees the same batches here (a
 * volatile read while nobody watches a host).
 */
final class HandOffRollups implements Stage {

    private final RollupQueue queue;
    private final LiveFeed live;

    HandOffRollups(RollupQueue queue, LiveFeed live) {
        this.queue = queue;
        this.live = live;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        for (Batch.Parsed p : batch.parsed) {
            MetricBatch metrics = p.event().metricBatch();
            if (metrics != null) {
                queue.offer(metrics);
                if (live != null) {
                    live.offer(metrics);
                }
            }
        }
        return Uni.createFrom().voidItem();
    }
}
