package io.vigil.alert.store;

import io.vigil.events.AlertState;

/** What an acknowledgement did: the API answers each differently. */
public sealed interface AckOutcome {

    /** Acknowledged now: a new event, a queued notification and an outbox record were stored with it. */
    record Acknowledged(AlertView alert) implements AckOutcome {
    }

    /** Someone acknowledged it before: nothing was written. */
    record AlreadyAcknowledged(AlertView alert) implements AckOutcome {
    }

    /** Only a firing alert can be acknowledged. */
    record NotFiring(AlertState state) implements AckOutcome {
    }

    /** No alert has this id. */
    record NotFound() implements AckOutcome {
    }
}
