package io.vigil.alert.lifecycle;

import io.vigil.events.AlertState;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One change of one alert, as decided by the evaluator: what is stored as an alert event, published
 * on {@code alerts}, and (when people must hear of it) turned into a notification.
 *
 * @param from null for a new alert
 * @param previousSeverity the severity before, for severity changes; else equal to severity
 * @param since when the alert's condition first held
 * @param at the time of the sample that caused the change
 * @param reason why, when it was not a sample (a rule removed from the config file); else null
 */
public record Transition(
        UUID alertId,
        String fingerprint,
        long sequence,
        String rule,
        AlertState from,
        AlertState to,
        Severity severity,
        Severity previousSeverity,
        Map<String, String> labels,
        double value,
        String summary,
        Instant since,
        Instant at,
        String reason) {

    /** Why people are told, or empty when this change is not worth a message (pending, abandoned pending). */
    public Optional<NotificationKind> notificationKind() {
        if (to == AlertState.FIRING && from != AlertState.FIRING) {
            return Optional.of(NotificationKind.FIRING);
        }
        if (to == AlertState.FIRING && severity != previousSeverity) {
            return Optional.of(NotificationKind.SEVERITY_CHANGED);
        }
        if (to == AlertState.RESOLVED && from == AlertState.FIRING) {
            return Optional.of(NotificationKind.RESOLVED);
        }
        return Optional.empty();
    }
}
