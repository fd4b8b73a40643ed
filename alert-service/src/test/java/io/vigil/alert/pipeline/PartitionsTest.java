package io.vigil.alert.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.rule.RuleEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    private final Partitions partitions = new Partitions();

    private PartitionState held(int partition) {
        PartitionState state = new PartitionState(partition, 3, 100, new RuleEngine(List.of()));
        partitions.put(state);
        return state;
    }

    @Test
    void beforeAnyAssignmentEveryPartitionCountsAsOurs() {
        assertThat(partitions.isAssigned(7)).isTrue();
    }

    @Test
    void aRevokedPartitionIsNoLongerHeldButSetAsideForTheSameRebalance() {
        PartitionState state = held(0);

        partitions.revoked(List.of(0));

        assertThat(partitions.get(0)).isNull();
        assertThat(partitions.isAssigned(0)).isTrue(); // never assigned: no assignment known yet
        partitions.assigned(List.of(0));
        assertThat(partitions.takeDormant(0)).isSameAs(state);
        assertThat(partitions.takeDormant(0)).isNull();
    }

    @Test
    void aRevokedPartitionNotHandedBackIsForgotten() {
        partitions.assigned(List.of(0, 1));
        held(0);

        partitions.revoked(List.of(0, 1));
        partitions.assigned(List.of(1));

        assertThat(partitions.takeDormant(0)).isNull();
        assertThat(partitions.isAssigned(0)).isFalse();
        assertThat(partitions.isAssigned(1)).isTrue();
    }

    @Test
    void anAssignmentKeepsAPartitionHeldThroughIt() {
        PartitionState state = held(2);

        partitions.assigned(List.of(2));

        assertThat(partitions.get(2)).isSameAs(state);
    }

    @Test
    void aFencedPartitionIsDroppedEverywhere() {
        held(4);
        partitions.revoked(List.of(4));

        partitions.drop(4);

        assertThat(partitions.get(4)).isNull();
        assertThat(partitions.takeDormant(4)).isNull();
    }
}
