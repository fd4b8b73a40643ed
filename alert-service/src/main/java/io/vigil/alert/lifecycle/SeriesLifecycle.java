package io.vigil.alert.lifecycle;

import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The lifecycle of the alert for one rule and one series (fingerprint): inactive → pending →
 * firing → resolved, with severity changes while firing and hysteresis through the rule's
 * optional {@code clear} level. Fed one sample at a time, in time order; plain Java.
 *
 * <p>A level counts once its condition has held continuously for its {@code for} duration
 * (critical implies the warning condition). Without a clear level a firing alert resolves as soon
 * as no level's condition holds, as in Prometheus. With a clear level it stays firing, at its
 * severity, until the clear condition has held for its duration.
 */
public final class SeriesLifecycle {

    private final RuleConfig rule;
    private final String fingerprint;
    private final Map<String, String> labels;

    private UUID alertId;
    private AlertState state;          // null: inactive
    private Severity severity;
    private long sequence;
    private Instant since;
    private Instant lastSampleAt;
    private Instant warningSince;
    private Instant criticalSince;
    private Instant clearSince;

    public SeriesLifecycle(RuleConfig rule, String fingerprint, Map<String, String> labels) {
        this.rule = rule;
        this.fingerprint = fingerprint;
        this.labels = Map.copyOf(labels);
    }

    /**
     * Picks up a stored pending or firing alert. Its conditions are taken to have held since the
     * alert started, so that a restart neither re-fires nor resets a pending timer.
     */
    public void restore(OpenAlert open) {
        alertId = open.alertId();
        state = open.state();
        severity = open.severity();
        sequence = open.sequence();
        since = open.since();
        lastSampleAt = open.updatedAt();
        if (open.severity() == Severity.CRITICAL && rule.critical() != null) {
            criticalSince = open.since();
        }
        warningSince = rule.warning() != null ? open.since() : null;
    }

    /** Feeds one sample; returns the transition it causes, if any. Samples older than the last one are ignored. */
    public Optional<Transition> observe(double value, Instant at) {
        if (Double.isNaN(value) || (lastSampleAt != null && at.isBefore(lastSampleAt))) {
            return Optional.empty();
        }
        lastSampleAt = at;
        boolean critical = rule.critical() != null && rule.critical().matches(value);
        boolean warning = critical || (rule.warning() != null && rule.warning().matches(value));
        criticalSince = critical ? (criticalSince != null ? criticalSince : at) : null;
        warningSince = warning ? (warningSince != null ? warningSince : at) : null;
        Severity due = dueSeverity(at);

        if (state == null) {
            if (due != null) {
                return Optional.of(open(AlertState.FIRING, due, value, at));
            }
            if (warning) {
                return Optional.of(open(AlertState.PENDING, critical ? Severity.CRITICAL : Severity.WARNING, value, at));
            }
            return Optional.empty();
        }
        if (state == AlertState.PENDING) {
            if (due != null) {
                return Optional.of(move(AlertState.FIRING, due, value, at));
            }
            if (!warning) {
                return Optional.of(close(value, at));
            }
            return Optional.empty();
        }
        // Firing.
        if (due != null) {
            clearSince = null;
            return due != severity ? Optional.of(move(AlertState.FIRING, due, value, at)) : Optional.empty();
        }
        Optional<Level> clear = rule.clearLevel();
        if (clear.isEmpty()) {
            return warning ? Optional.empty() : Optional.of(close(value, at));
        }
        boolean clearing = clear.get().matches(value);
        clearSince = clearing ? (clearSince != null ? clearSince : at) : null;
        if (clearing && held(clearSince, clear.get().forDuration(), at)) {
            return Optional.of(close(value, at));
        }
        return Optional.empty();
    }

    /** Whether an alert is open (pending or firing) for this series. */
    public boolean isOpen() {
        return state != null;
    }

    private Severity dueSeverity(Instant at) {
        if (criticalSince != null && held(criticalSince, rule.critical().forDuration(), at)) {
            return Severity.CRITICAL;
        }
        if (warningSince != null && rule.warning() != null && held(warningSince, rule.warning().forDuration(), at)) {
            return Severity.WARNING;
        }
        return null;
    }

    private static boolean held(Instant from, Duration forDuration, Instant at) {
        return !Duration.between(from, at).minus(forDuration).isNegative();
    }

    private Transition open(AlertState to, Severity newSeverity, double value, Instant at) {
        alertId = UUID.randomUUID();
        sequence = 0;
        since = warningSince != null ? warningSince : at;
        state = null;
        severity = newSeverity;
        return move(to, newSeverity, value, at);
    }

    private Transition move(AlertState to, Severity newSeverity, double value, Instant at) {
        AlertState from = state;
        Severity previous = severity;
        state = to;
        severity = newSeverity;
        sequence++;
        return transition(from, to, previous, value, at);
    }

    private Transition close(double value, Instant at) {
        AlertState from = state;
        sequence++;
        Transition t = transition(from, AlertState.RESOLVED, severity, value, at);
        alertId = null;
        state = null;
        severity = null;
        since = null;
        clearSince = null;
        return t;
    }

    private Transition transition(AlertState from, AlertState to, Severity previous, double value, Instant at) {
        String summary = Summary.render(rule.summary(), rule.name(), severity.label(), value, labels);
        return new Transition(alertId, fingerprint, sequence, rule.name(), from, to, severity, previous, labels,
                value, summary, since, at, null);
    }

    /**
     * Resolves a stored open alert that no configured rule carries on (its rule was removed from
     * the file), so it does not stay open for ever; {@code reason} goes into its history.
     */
    public static Transition resolveOrphan(OpenAlert open, String reason, Instant at) {
        return new Transition(open.alertId(), open.fingerprint(), open.sequence() + 1, open.rule(), open.state(),
                AlertState.RESOLVED, open.severity(), open.severity(), open.labels(), open.value(), open.summary(),
                open.since(), at, reason);
    }
}
