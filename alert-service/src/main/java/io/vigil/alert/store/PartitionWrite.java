package io.vigil.alert.store;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.SeenSeries;
import java.util.List;

/**
 * Everything one consumed batch (or one tick) changes for one partition, committed together: the
 * offset it advances to, the transitions it caused, and the series absence rules saw or forgot.
 *
 * @param epoch the claim this instance holds; a commit under an older epoch is refused (fenced)
 */
public record PartitionWrite(int partition, long epoch, long nextOffset, List<Transition> transitions,
        List<SeenSeries> seen, List<SeenSeries> forgotten) {

    public PartitionWrite {
        transitions = List.copyOf(transitions);
        seen = List.copyOf(seen);
        forgotten = List.copyOf(forgotten);
    }
}
