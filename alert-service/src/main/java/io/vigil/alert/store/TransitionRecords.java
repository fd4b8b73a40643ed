package io.vigil.alert.store;

import io.vigil.alert.lifecycle.Transition;
import java.util.List;
import java.util.Optional;

/**
 * What a stored transition publishes and queues, decided outside the store: the records for the
 * outbox (its event on {@code alerts}) and, when people may need to hear of it, the item for the
 * dispatch queue. Called with the transition under the sequence the store gave it.
 */
public interface TransitionRecords {

    List<OutboxRecord> outbox(Transition t);

    /** The dispatch queue item: its kind and the JSON of the change; empty when nobody is told. */
    Optional<QueueItem> queueItem(Transition t);

    /** One row of {@code alert.dispatch_queue}. */
    record QueueItem(String kind, String itemJson, String reason) {
    }
}
