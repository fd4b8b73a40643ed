package io.vigil.alert.pipeline;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.rule.Output;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.FencedException;
import io.vigil.alert.store.PartitionWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores the batch in one transaction: per partition, the offset it advances to, its transitions
 * and the records they publish (the outbox). PostgreSQL is then the source of truth for what
 * must be published, so a crash after this point loses nothing. Retried until it works; a
 * partition whose commit is fenced (another instance claimed it) is dropped and the rest stored.
 */
final class StoreTransitions implements Stage {

    private final AlertStore store;
    private final Partitions partitions;
    private final TransitionMessages messages;
    private final Retry retry;
    private final PipelineMetrics metrics;

    StoreTransitions(AlertStore store, Partitions partitions, TransitionMessages messages, Retry retry,
            PipelineMetrics metrics) {
        this.store = store;
        this.partitions = partitions;
        this.messages = messages;
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        if (batch.partitions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Integer, Long> next = new HashMap<>();
        for (IncomingRecord r : batch.records()) {
            if (batch.partitions.containsKey(r.partition())) {
                next.merge(r.partition(), r.offset() + 1, Math::max);
            }
        }
        List<PartitionWrite> writes = new ArrayList<>();
        for (PartitionState state : batch.partitions.values()) {
            Output out = batch.outputs.getOrDefault(state.partition, new Output());
            long offset = next.getOrDefault(state.partition, state.nextOffset);
            writes.add(new PartitionWrite(state.partition, state.epoch, offset, out.transitions, out.seen,
                    out.forgotten));
        }
        String topic = batch.records().get(0).topic();
        return commit(topic, writes, batch.partitions);
    }

    /** Stores what a tick decided for the partitions it touched (offsets stay where they are). */
    Uni<Void> storeTick(String topic, Map<Integer, PartitionState> states, Map<Integer, Output> outputs) {
        List<PartitionWrite> writes = new ArrayList<>();
        outputs.forEach((p, out) -> {
            PartitionState state = states.get(p);
            if (!out.isEmpty()) {
                writes.add(new PartitionWrite(p, state.epoch, state.nextOffset, out.transitions, out.seen,
                        out.forgotten));
            }
        });
        return commit(topic, writes, states);
    }

    private Uni<Void> commit(String topic, List<PartitionWrite> writes, Map<Integer, PartitionState> states) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return retry.untilDone("store transitions (PostgreSQL)", () -> store.commit(topic, writes, messages))
                .invoke(() -> {
                    for (PartitionWrite w : writes) {
                        states.get(w.partition()).nextOffset = w.nextOffset();
                    }
                })
                .onFailure(FencedException.class).recoverWithUni(e -> {
                    FencedException fenced = (FencedException) e;
                    for (int p : fenced.partitions()) {
                        // Another instance owns it now and has (or will) read our stored state: our
                        // unstored evaluation of it is void.
                        partitions.drop(p);
                        metrics.fenced();
                        Log.infof("partition fenced partition=%d: another instance claimed it, its batch is left to it", p);
                    }
                    return commit(topic, writes.stream().filter(w -> !fenced.partitions().contains(w.partition())).toList(),
                            states);
                });
    }
}
