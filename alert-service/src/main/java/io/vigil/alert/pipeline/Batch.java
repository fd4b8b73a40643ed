package io.vigil.alert.pipeline;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.events.MetricBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumed Kafka batch on its way through the stages: what came in, what each stage made of
 * it, and the transitions to store. Touched by one stage at a time.
 */
public final class Batch {

    /** A readable record with the event it holds. */
    public record Parsed(IncomingRecord record, MetricBatch metrics) {
    }

    private final List<IncomingRecord> records;
    private final Instant receivedAt;
    /** The partitions this batch touches, with the state claimed for each. */
    final Map<Integer, PartitionState> partitions = new LinkedHashMap<>();
    /** Records still to be applied: not replayed, not of a partition this instance does not own. */
    List<IncomingRecord> fresh;
    final List<Parsed> parsed = new ArrayList<>();
    /** Transitions per partition, in the order they happened. */
    final Map<Integer, List<Transition>> transitions = new LinkedHashMap<>();

    public Batch(List<IncomingRecord> records, Instant receivedAt) {
        this.records = List.copyOf(records);
        this.receivedAt = receivedAt;
        this.fresh = this.records;
    }

    public List<IncomingRecord> records() {
        return records;
    }

    /** The service's clock when the batch arrived; what sample ages are measured against. */
    public Instant receivedAt() {
        return receivedAt;
    }

    void addTransitions(int partition, List<Transition> list) {
        if (!list.isEmpty()) {
            transitions.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(list);
        }
    }

    /** Every transition of the batch, partition by partition. */
    public List<Transition> allTransitions() {
        return transitions.values().stream().flatMap(List::stream).toList();
    }
}
