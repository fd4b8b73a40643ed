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
 * @param notice how flap detection changes what people are told; null: as usual
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
        String reason,
        Notice notice) {

    /** What flap detection makes of a change. */
    public enum Notice {
        /** This change made the series flapping: tell people that, once, instead of the change. */
        FLAPPING,
        /** The series is flapping: record the change, tell nobody. */
        QUIET,
        /** The series has been stable for a window: tell its current state, even if told before. */
        STABLE
    }

    public Transition(UUID alertId, String fingerprint, long sequence, String rule, AlertState from, AlertState to,
            Severity severity, Severity previousSeverity, Map<String, String> labels, double value, String summary,
            Instant since, Instant at, String reason) {
        this(alertId, fingerprint, sequence, rule, from, to, severity, previousSeverity, labels, value, summary, since,
                at, reason, null);
    }

    public Transition withReason(String newReason) {
        return new Transition(alertId, fingerprint, sequence, rule, from, to, severity, previousSeverity, labels, value,
                summary, since, at, newReason, notice);
    }

    public Transition withNotice(Notice newNotice) {
        return new Transition(alertId, fingerprint, sequence, rule, from, to, severity, previousSeverity, labels, value,
                summary, since, at, reason, newNotice);
    }

    /** The same change under the sequence the store gave it (acknowledgements share the counter). */
    public Transition withSequence(long newSequence) {
        return new Transition(alertId, fingerprint, newSequence, rule, from, to, severity, previousSeverity, labels,
                value, summary, since, at, reason, notice);
    }

    /** Whether the state changes between firing and not firing: what flap detection counts. */
    public boolean changesFiring() {
        return (to == AlertState.FIRING) != (from == AlertState.FIRING) && (to == AlertState.FIRING || from != null);
    }

    /** Why people are told, or empty when this change is not worth a message (pending, abandoned pending). */
    public Optional<NotificationKind> notificationKind() {
        if (notice == Notice.QUIET) {
            return Optional.empty();
        }
        if (notice == Notice.FLAPPING) {
            return Optional.of(NotificationKind.FLAPPING);
        }
        if (notice == Notice.STABLE) {
            return Optional.of(to == AlertState.RESOLVED ? NotificationKind.RESOLVED : NotificationKind.FIRING);
        }
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
