package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.lifecycle.Transition;
import java.util.List;

/** Feeds each batch to the evaluator of its partition, in memory; runs once per batch, never on a retry. */
final class EvaluateRules implements Stage {

    private final PipelineMetrics metrics;

    EvaluateRules(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        metrics.timeEvaluation(() -> {
            for (PartitionState state : batch.partitions.values()) {
                batch.addTransitions(state.partition, List.copyOf(state.pendingTransitions));
                state.pendingTransitions.clear();
            }
            for (Batch.Parsed p : batch.parsed) {
                PartitionState state = batch.partitions.get(p.record().partition());
                List<Transition> transitions = state.evaluator.evaluate(p.metrics());
                batch.addTransitions(state.partition, transitions);
                metrics.evaluated();
            }
        });
        batch.allTransitions().forEach(metrics::transition);
        return Uni.createFrom().voidItem();
    }
}
