package io.vigil.alert.pipeline;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.rule.RuleBook;
import io.vigil.alert.rule.RuleEngine;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.PartitionClaim;
import io.vigil.alert.lifecycle.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes sure this instance holds a claim on every partition the batch touches: on first use
 * (after a start or a rebalance) it claims the partition in PostgreSQL, which fences out the
 * previous owner, and loads the offset to go on from and the partition's open alerts. Open
 * alerts whose rule is gone are resolved right away, with the reason. Records of partitions
 * Kafka no longer assigns us are left to their new owner.
 */
final class ClaimPartitions implements Stage {

    private final String topic;
    private final Partitions partitions;
    private final AlertStore store;
    private final Retry retry;
    private final Supplier<RuleBook> rules;
    private final String owner;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final Duration forgetAfter;

    ClaimPartitions(String topic, Partitions partitions, AlertStore store, Retry retry, Supplier<RuleBook> rules, String owner,
            PipelineMetrics metrics, Clock clock, Duration forgetAfter) {
        this.topic = topic;
        this.partitions = partitions;
        this.store = store;
        this.retry = retry;
        this.rules = rules;
        this.owner = owner;
        this.metrics = metrics;
        this.clock = clock;
        this.forgetAfter = forgetAfter;
    }

    @Override
    public Uni<Void> apply(Batch batch) {
        Set<Integer> touched = new LinkedHashSet<>();
        batch.fresh = batch.fresh.stream().filter(r -> {
            if (partitions.isAssigned(r.partition())) {
                touched.add(r.partition());
                return true;
            }
            metrics.skipped("not_owned");
            return false;
        }).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int p : touched) {
            chain = chain.chain(() -> stateOf(p).invoke(s -> batch.partitions.put(p, s)).replaceWithVoid());
        }
        return chain;
    }

    /** Claims every partition Kafka assigned us that we do not hold yet (ticks need them before any batch came). */
    Uni<Void> claimAssigned() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int p : partitions.assignedPartitions()) {
            if (partitions.get(p) == null) {
                chain = chain.chain(() -> stateOf(p).replaceWithVoid());
            }
        }
        return chain;
    }

    private Uni<PartitionState> stateOf(int partition) {
        PartitionState held = partitions.get(partition);
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        PartitionState before = partitions.takeDormant(partition);
        return retry.untilDone("claim partition (PostgreSQL)", () -> store.claim(topic, partition, owner))
                .map(claim -> {
                    PartitionState state = before != null && claim.epoch() == before.epoch + 1
                            ? resume(before, claim) : restore(claim);
                    partitions.put(state);
                    return state;
                });
    }

    /** Handed back after a rebalance and nobody claimed it in between: what we hold is what is stored. */
    private PartitionState resume(PartitionState before, PartitionClaim claim) {
        PartitionState state = new PartitionState(claim.partition(), claim.epoch(), before.nextOffset, before.engine);
        state.pending = before.takePending();
        Log.infof("partition claimed again topic=%s partition=%d epoch=%d next_offset=%d (state kept)", topic,
                claim.partition(), claim.epoch(), before.nextOffset);
        return state;
    }

    private PartitionState restore(PartitionClaim claim) {
        Instant now = clock.instant();
        RuleEngine engine = new RuleEngine(rules.get(), now, forgetAfter);
        PartitionState state = new PartitionState(claim.partition(), claim.epoch(), claim.nextOffset(), engine);
        List<Transition> orphans = engine.restore(claim.open(), now);
        engine.restoreSeen(claim.seen());
        state.pending.transitions.addAll(orphans);
        Log.infof("partition claimed topic=%s partition=%d epoch=%d next_offset=%d open_alerts=%d resolved_orphans=%d "
                        + "watched_series=%d", topic, claim.partition(), claim.epoch(), claim.nextOffset(), claim.open().size(),
                orphans.size(), claim.seen().size());
        return state;
    }
}
