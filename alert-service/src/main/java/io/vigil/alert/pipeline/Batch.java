package io.vigil.alert.pipeline;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.Output;
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
    public record Parsed(IncomingRecord record, Event event) {
    }

    private final List<IncomingRecord> records;
    private final Instant receivedAt;
    /** The partitions this batch touches, with the state claimed for each. */
    final Map<Integer, PartitionState> partitions = new LinkedHashMap<>();
    /** Records still to be applied: not replayed, not of a partition this instance does not own. */
    List<IncomingRecord> fresh;
    final List<Parsed> parsed = new ArrayList<>();
    /** What evaluation decided per partition: transitions in the order they happened, absence bookkeeping. */
    final Map<Integer, Output> outputs = new LinkedHashMap<>();

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

    /** The output of a partition, created on first use. */
    Output output(int partition) {
        return outputs.computeIfAbsent(partition, p -> new Output());
    }

    /** Every transition of the batch, partition by partition. */
    public List<Transition> allTransitions() {
        return outputs.values().stream().flatMap(o -> o.transitions.stream()).toList();
    }
}
