package io.vigil.alert.pipeline;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.RuleEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * What this instance holds for one partition of {@code metrics} it owns: the claim's epoch (its
 * fencing token), the next offset to apply, and the evaluator with the partition's open alerts.
 */
final class PartitionState {

    final int partition;
    final long epoch;
    final RuleEvaluator evaluator;
    long nextOffset;
    /** Transitions decided at claim time (open alerts of removed rules), stored with the next batch. */
    final List<Transition> pendingTransitions = new ArrayList<>();

    PartitionState(int partition, long epoch, long nextOffset, RuleEvaluator evaluator) {
        this.partition = partition;
        this.epoch = epoch;
        this.nextOffset = nextOffset;
        this.evaluator = evaluator;
    }
}
