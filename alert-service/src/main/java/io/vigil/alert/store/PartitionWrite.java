package io.vigil.alert.store;

import io.vigil.alert.lifecycle.Transition;
import java.util.List;

/**
 * Everything one consumed batch changes for one partition, committed together: the offset it
 * advances to, the transitions it caused and the records they publish.
 *
 * @param epoch the claim this instance holds; a commit under an older epoch is refused (fenced)
 */
public record PartitionWrite(int partition, long epoch, long nextOffset, List<Transition> transitions,
        List<OutboxRecord> outbox) {
}
