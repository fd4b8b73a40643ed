package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.config.RulesProducer.Rules;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.store.AlertStore;
import java.time.Instant;
import java.util.List;

/**
 * The metrics pipeline, assembled in one place:
 * <pre>
 * claim partitions → skip replayed → parse (dead-letter) → skip stale → evaluate
 *     → store (transitions + offsets + outbox, one transaction) → wake the relay (publish)
 * </pre>
 * A batch completes only when what it changed is stored; the caller acknowledges it then. I/O
 * stages retry until they work, so a database outage pauses the pipeline instead of failing it;
 * evaluation runs once per batch. Batches are processed one at a time.
 */
public final class MetricsPipeline {

    private final List<Stage> stages;
    private final PipelineHealth health;

    public MetricsPipeline(Rules rules, AlertStore store, Partitions partitions, TransitionMessages messages,
            DeadLetterSink deadLetters, OutboxRelay relay, PipelineHealth health, PipelineMetrics metrics,
            AlertSettings settings, String owner) {
        this.health = health;
        Retry retry = new Retry(health, settings.maxBackoff());
        this.stages = List.of(
                new ClaimPartitions(partitions, store, retry, rules::list, owner, metrics),
                new SkipReplayed(metrics),
                new ParseRecords(deadLetters, retry, metrics),
                new SkipStale(settings.maxSampleAge(), metrics),
                new EvaluateRules(metrics),
                new StoreTransitions(store, partitions, messages, retry, metrics),
                batch -> {
                    if (!batch.allTransitions().isEmpty()) {
                        relay.wake();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** Runs the batch through every stage; completes once it is stored. */
    public Uni<Void> process(List<IncomingRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Batch batch = new Batch(records, Instant.now());
        health.batchStarted();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Stage stage : stages) {
            chain = chain.chain(() -> stage.apply(batch));
        }
        return chain.eventually(health::batchFinished);
    }
}
