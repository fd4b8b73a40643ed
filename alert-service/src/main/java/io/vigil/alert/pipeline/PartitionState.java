package io.vigil.alert.pipeline;

import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleEngine;

/**
 * What this instance holds for one partition it owns (of the pipeline's topic): the claim's epoch (its
 * fencing token), the next offset to apply, and the engine with the partition's alerts.
 */
final class PartitionState {

    final int partition;
    final long epoch;
    final RuleEngine engine;
    long nextOffset;
    /**
     * Decided outside a batch (open alerts of removed rules at claim time, rules changed through
     * the API) and not stored yet: stored with the next batch or tick.
     */
    Output pending = new Output();

    PartitionState(int partition, long epoch, long nextOffset, RuleEngine engine) {
        this.partition = partition;
        this.epoch = epoch;
        this.nextOffset = nextOffset;
        this.engine = engine;
    }

    /** Takes what is pending, leaving nothing. */
    Output takePending() {
        Output p = pending;
        pending = new Output();
        return p;
    }
}
