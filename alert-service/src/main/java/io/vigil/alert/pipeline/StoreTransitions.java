package io.vigil.alert.pipeline;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.rule.Output;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.FencedException;
import io.vigil.alert.store.PartitionWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;

/**
 * Stores the batch in one transaction: per partition, the offset it advances to, its transitions
 * and the records they publish (the outbox). PostgreSQL is then the source of truth for what
 * must be published, so a crash after this point loses nothing. Retried until it works; a
 * partition whose commit is fenced (another instance claimed it) is dropped and the rest stored.
 *
 * <p>A partition whose part of the batch changed nothing (no transition, no series seen or
 * forgotten) only advances its offset, and that offset is written at most once per
 * {@link #OFFSET_INTERVAL} (by a later batch or by the tick), not once per Kafka batch: at 10,000
 * records/s that is one transaction a second instead of twenty. Why a lagging stored offset is safe:
 * <ul>
 * <li>It never runs ahead of stored transitions: an offset is written only with, or after, the
 *     changes of every record below it (batches and ticks run one at a time), and a batch that
 *     changes anything writes its full offset with its changes.</li>
 * <li>What lies between the stored offset and the applied one are records whose evaluation stored
 *     nothing. After a restart (or when another instance claims the partition) they are read again
 *     against the state restored from PostgreSQL, which is the state they met the first time: the
 *     same open alerts, sequences and since-times, since they changed none of it. They cannot
 *     re-fire or re-open anything: a resolved alert stays resolved unless a record breaches, and
 *     one that breached would have been stored. What is not stored (trend fits, clear and severity
 *     timers, flap history, group values) is rebuilt from samples after any restart; reading
 *     these records again gives it more of the samples it had, not other ones. So a lagging offset
 *     costs at most {@code OFFSET_INTERVAL} of records read twice, never a transition.</li>
 * <li>In this process, an applied but unstored record is below the partition's in-memory offset, so
 *     a redelivery is skipped as replayed, as before.</li>
 * </ul>
 */
final class StoreTransitions implements Stage {

    /** How long the stored offset of a partition whose batches change nothing may lag the applied one. */
    static final Duration OFFSET_INTERVAL = Duration.ofSeconds(1);

    private final AlertStore store;
    private final Partitions partitions;
    private final TransitionMessages messages;
    private final Retry retry;
    private final PipelineMetrics metrics;
    private final LongSupplier nanoTime;
    /**
     * Which offset of each partition was last stored and when, by the state object of its claim: a
     * new claim (a new object) has none, so its first batch stores its offset. Touched only by the
     * pipeline, one batch or tick at a time.
     */
    private final Map<PartitionState, Stored> stored = new WeakHashMap<>();

    private record Stored(long offset, long atNanos) {
    }

    StoreTransitions(AlertStore store, Partitions partitions, TransitionMessages messages, Retry retry,
            PipelineMetrics metrics) {
        this(store, partitions, messages, retry, metrics, System::nanoTime);
    }

    StoreTransitions(AlertStore store, Partitions partitions, TransitionMessages messages, Retry retry,
            PipelineMetrics metrics, LongSupplier nanoTime) {
        this.store = store;
        this.partitions = partitions;
        this.messages = messages;
        this.retry = retry;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
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
            long offset = Math.max(state.nextOffset, next.getOrDefault(state.partition, state.nextOffset));
            if (out.isEmpty() && !offsetDue(state)) {
                // Applied, nothing to store yet: see the class comment for why this is safe.
                state.nextOffset = offset;
                continue;
            }
            writes.add(new PartitionWrite(state.partition, state.epoch, offset, out.transitions, out.seen,
                    out.forgotten));
        }
        return commit(batch.records().get(0).topic(), writes, batch.partitions);
    }

    /**
     * Stores what a tick decided for the partitions it touched, and the applied offset of a
     * partition whose stored one has lagged for {@link #OFFSET_INTERVAL} (the stream went quiet).
     */
    Uni<Void> storeTick(String topic, Map<Integer, PartitionState> states, Map<Integer, Output> outputs) {
        List<PartitionWrite> writes = new ArrayList<>();
        outputs.forEach((p, out) -> {
            PartitionState state = states.get(p);
            Stored last = stored.get(state);
            boolean lagging = last != null && state.nextOffset > last.offset() && offsetDue(state);
            if (!out.isEmpty() || lagging) {
                writes.add(new PartitionWrite(p, state.epoch, state.nextOffset, out.transitions, out.seen,
                        out.forgotten));
            }
        });
        return commit(topic, writes, states);
    }

    /** Whether this partition's offset has not been stored for {@link #OFFSET_INTERVAL}, or never under this claim. */
    private boolean offsetDue(PartitionState state) {
        Stored last = stored.get(state);
        return last == null || nanoTime.getAsLong() - last.atNanos() >= OFFSET_INTERVAL.toNanos();
    }

    private Uni<Void> commit(String topic, List<PartitionWrite> writes, Map<Integer, PartitionState> states) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return retry.untilDone("store transitions (PostgreSQL)", () -> store.commit(topic, writes, messages))
                .invoke(() -> {
                    long now = nanoTime.getAsLong();
                    for (PartitionWrite w : writes) {
                        PartitionState state = states.get(w.partition());
                        state.nextOffset = Math.max(state.nextOffset, w.nextOffset());
                        stored.put(state, new Stored(w.nextOffset(), now));
                    }
                })
                .onFailure(FencedException.class).recoverWithUni(e -> {
                    FencedException fenced = (FencedException) e;
                    for (int p : fenced.partitions()) {
                        // Another instance owns it now and has (or will) read our stored state: our
                        // unstored evaluation of it is void.
                        partitions.drop(p);
                        metrics.fenced();
                        Log.infof("partition fenced topic=%s partition=%d: another instance claimed it, its batch is left to it",
                                topic, p);
                    }
                    return commit(topic, writes.stream().filter(w -> !fenced.partitions().contains(w.partition())).toList(),
                            states);
                });
    }
}
