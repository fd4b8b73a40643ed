package io.vigil.alert.store;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One alert as the API shows it: a firing alert someone has acknowledged has the state
 * {@link AlertState#ACKNOWLEDGED} here (stored, it stays {@code FIRING} with the acknowledgement).
 *
 * @param acknowledgement null while nobody has acknowledged it
 * @param mutedReason why its last change was not told (inhibited, silenced, maintenance, flapping); null if it was
 * @param inhibitedBy the alert holding it back, while one does
 * @param route the route it is notified under, once the dispatcher chose one
 */
public record AlertView(
        UUID id,
        String fingerprint,
        String rule,
        AlertState state,
        Severity severity,
        Map<String, String> labels,
        String summary,
        double value,
        Instant startsAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant updatedAt,
        long sequence,
        Acknowledgement acknowledgement,
        boolean flapping,
        String mutedReason,
        UUID inhibitedBy,
        String route) {

    /** Who took the alert, when, and what they said. */
    public record Acknowledgement(String by, Instant at, String comment) {
    }
}
