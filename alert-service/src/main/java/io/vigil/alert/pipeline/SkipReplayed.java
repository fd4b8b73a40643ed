package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;

/**
 * Drops records below the partition's stored offset: they were applied before a crash or by the
 * partition's previous owner, and applying them again would re-open resolved incidents. This is
 * what makes a replay of a consumed topic idempotent.
 */
final class SkipReplayed implements Stage {

    private final PipelineMetrics metrics;

    SkipReplayed(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        batch.fresh = batch.fresh.stream().filter(r -> {
            if (r.offset() < batch.partitions.get(r.partition()).nextOffset) {
                metrics.skipped("replayed");
                return false;
            }
            return true;
        }).toList();
        return Uni.createFrom().voidItem();
    }
}
