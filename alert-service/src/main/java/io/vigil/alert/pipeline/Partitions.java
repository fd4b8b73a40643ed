package io.vigil.alert.pipeline;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of one consumed topic this instance owns, with their state (one per pipeline). The Kafka rebalance
 * listener (polling thread) sets revoked ones aside and forgets those not handed back; the
 * pipeline claims a partition in PostgreSQL on first use, keeping the set-aside state only when
 * nobody else claimed it in between. A batch in flight keeps the state it started with: if the
 * partition went to another instance meanwhile, its commit is fenced in the database.
 */
public final class Partitions {

    private final ConcurrentHashMap<Integer, PartitionState> owned = new ConcurrentHashMap<>();
    /**
     * Revoked partitions' state, kept until the rebalance ends: an eager rebalance revokes every
     * partition and may hand the same ones back, and then the state is still good if nobody else
     * claimed the partition in between (the claim's epoch tells).
     */
    private final ConcurrentHashMap<Integer, PartitionState> dormant = new ConcurrentHashMap<>();
    /** What Kafka assigned us; null until the first assignment (tests without a broker). */
    private volatile Set<Integer> assigned;

    /**
     * Kafka gave us these. A partition we did not hold is claimed on first use; one we kept
     * through the rebalance keeps its state (a partition that went elsewhere in between was
     * revoked first, which dropped it).
     */
    public void assigned(Collection<Integer> partitions) {
        // Revoked and not handed back: another instance owns them now; their alerts are not ours.
        dormant.keySet().removeIf(p -> !partitions.contains(p));
        Set<Integer> now = ConcurrentHashMap.newKeySet();
        if (assigned != null) {
            now.addAll(assigned);
        }
        now.addAll(partitions);
        assigned = now;
    }

    /** Kafka took these away: forget their alerts, so two instances never own one alert. */
    public void revoked(Collection<Integer> partitions) {
        for (int p : partitions) {
            PartitionState state = owned.remove(p);
            if (state != null) {
                dormant.put(p, state);
            }
        }
        Set<Integer> current = assigned;
        if (current != null) {
            current.removeAll(partitions);
        }
    }

    /** The partitions Kafka assigned us (empty before the first assignment). */
    java.util.List<Integer> assignedPartitions() {
        Set<Integer> current = assigned;
        return current == null ? java.util.List.of() : java.util.List.copyOf(current);
    }

    /** The partitions whose state we hold. */
    java.util.List<PartitionState> owned() {
        return java.util.List.copyOf(owned.values());
    }

    boolean isAssigned(int partition) {
        Set<Integer> current = assigned;
        return current == null || current.contains(partition);
    }

    PartitionState get(int partition) {
        return owned.get(partition);
    }

    /** The state this instance held before a revocation, if it may still be good; removes it. */
    PartitionState takeDormant(int partition) {
        return dormant.remove(partition);
    }

    void put(PartitionState state) {
        owned.put(state.partition, state);
    }

    /** Drops a partition after a fenced commit; the next batch claims it again and reloads it. */
    void drop(int partition) {
        owned.remove(partition);
        dormant.remove(partition);
    }

    /** Series with state (open alerts, flap history, fits, watched hosts), over all owned partitions; a gauge. */
    public int trackedSeries() {
        return owned.values().stream().mapToInt(s -> s.engine.trackedSeries()).sum();
    }
}
