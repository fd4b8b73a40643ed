package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleBook;
import java.util.function.Supplier;

/**
 * Feeds each event to the engine of its partition, in memory; runs once per batch, never on a
 * retry. An engine whose rule set is older than the current one switches first (rules edited
 * through the API take effect here, without a restart).
 */
final class EvaluateRules implements Stage {

    private final Supplier<RuleBook> rules;
    private final PipelineMetrics metrics;

    EvaluateRules(Supplier<RuleBook> rules, PipelineMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        RuleBook book = rules.get();
        metrics.timeEvaluation(() -> {
            for (PartitionState state : batch.partitions.values()) {
                Output out = batch.output(state.partition);
                out.addAll(state.takePending());
                if (state.engine.version() != book.version()) {
                    out.transitions.addAll(state.engine.rules(book, batch.receivedAt()));
                }
            }
            for (Batch.Parsed p : batch.parsed) {
                PartitionState state = batch.partitions.get(p.record().partition());
                p.event().evaluate(state.engine, batch.receivedAt(), batch.output(state.partition));
                metrics.evaluated();
            }
        });
        batch.allTransitions().forEach(metrics::transition);
        return Uni.createFrom().voidItem();
    }
}
