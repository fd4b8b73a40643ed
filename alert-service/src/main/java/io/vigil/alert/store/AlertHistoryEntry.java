package io.vigil.alert.store;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;

/**
 * One row of an alert's history ({@code alert.alert_events}).
 *
 * @param from null for the alert's first change
 * @param actor who caused it: null for the engine, the user for an acknowledgement
 * @param reason why, when no sample caused it (a removed rule; an acknowledgement's comment)
 */
public record AlertHistoryEntry(long sequence, AlertState from, AlertState to, Severity severity, double value,
        Instant at, String actor, String reason) {
}
