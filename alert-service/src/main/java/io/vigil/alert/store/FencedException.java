package io.vigil.alert.store;

import java.util.Set;

/**
 * A commit named a partition epoch that another claim has replaced: this instance lost the
 * partition (a rebalance) and must drop what it holds for it. Nothing of the commit was stored.
 */
public class FencedException extends RuntimeException {

    private final Set<Integer> partitions;

    public FencedException(Set<Integer> partitions) {
        super("partitions " + partitions + " of metrics are owned by a newer claim");
        this.partitions = Set.copyOf(partitions);
    }

    public Set<Integer> partitions() {
        return partitions;
    }
}
