package io.vigil.alert.lifecycle;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An alert that is pending or firing, as stored: what the evaluator needs to carry on after a
 * restart without firing twice.
 *
 * @param updatedAt the time of the alert's last transition; older samples are ignored
 * @param value the value of its last transition
 * @param summary the summary of its last transition
 * @param flapping whether its series was flapping (told once, quiet until stable)
 */
public record OpenAlert(
        UUID alertId,
        String fingerprint,
        String rule,
        Map<String, String> labels,
        AlertState state,
        Severity severity,
        long sequence,
        Instant since,
        Instant updatedAt,
        double value,
        String summary,
        boolean flapping) {

    /** An open alert whose series is not flapping. */
    public OpenAlert(UUID alertId, String fingerprint, String rule, Map<String, String> labels, AlertState state,
            Severity severity, long sequence, Instant since, Instant updatedAt, double value, String summary) {
        this(alertId, fingerprint, rule, labels, state, severity, sequence, since, updatedAt, value, summary, false);
    }
}
