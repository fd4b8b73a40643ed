package io.vigil.alert.lifecycle;

import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.config.ThresholdRule;
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

    private final String ruleName;
    private Levels levels;
    private String summaryTemplate;
    private final String fingerprint;
    private final Map<String, String> labels;

    private UUID alertId;
    private AlertState state;          // null: inactive
    private Severity severity;
    private long sequence;
    private Instant since;
    private Instant lastSampleAt;
    private double lastValue;
    private Instant warningSince;
    private Instant criticalSince;
    private Instant clearSince;
    /** What the latest input said besides its value (a health result's status and message). */
    private Map<String, String> facts = Map.of();

    public SeriesLifecycle(String ruleName, Levels levels, String summaryTemplate, String fingerprint,
            Map<String, String> labels) {
        this.ruleName = ruleName;
        this.levels = levels;
        this.summaryTemplate = summaryTemplate;
        this.fingerprint = fingerprint;
        this.labels = Map.copyOf(labels);
    }

    /** The lifecycle of a threshold rule's series. */
    public SeriesLifecycle(RuleConfig rule, String fingerprint, Map<String, String> labels) {
        this(rule.name(), Levels.of((ThresholdRule) rule.kind()), rule.summary(), fingerprint, labels);
    }

    /**
     * Takes a changed definition of the same rule (edited through the API): the state carries on and
     * the next sample is judged by the new levels.
     */
    public void redefine(Levels newLevels, String newSummary) {
        this.levels = newLevels;
        this.summaryTemplate = newSummary;
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
        lastValue = open.value();
        if (open.severity() == Severity.CRITICAL && levels.critical() != null) {
            criticalSince = open.since();
        }
        warningSince = levels.warning() != null ? open.since() : null;
    }

    /** Feeds one sample; returns the transition it causes, if any. Samples older than the last one are ignored. */
    public Optional<Transition> observe(double value, Instant at) {
        if (Double.isNaN(value) || (lastSampleAt != null && at.isBefore(lastSampleAt))) {
            return Optional.empty();
        }
        lastSampleAt = at;
        lastValue = value;
        boolean critical = levels.critical() != null && levels.critical().matches(value);
        boolean warning = critical || (levels.warning() != null && levels.warning().matches(value));
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
        Optional<Level> clear = levels.clearLevel();
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

    /**
     * Takes what the latest input said besides its value (a health result's status and message):
     * the summaries of the transitions that follow render it, while the alert's identity (rule and
     * labels) stays as it is.
     */
    public void facts(Map<String, String> latest) {
        this.facts = Map.copyOf(latest);
    }

    /** The open alert's state (pending or firing), or null when none is open. */
    public AlertState state() {
        return state;
    }

    /** Whether an alert is open (pending or firing) for this series. */
    public boolean isOpen() {
        return state != null;
    }

    /** The value of the last sample (or of the restored alert). */
    public double lastValue() {
        return lastValue;
    }

    /**
     * Fires at once with {@code newSeverity}, or changes severity when already firing (rules whose
     * condition has no levels, such as absence). Empty when nothing changes.
     */
    public Optional<Transition> fire(Severity newSeverity, double value, Instant at) {
        lastSampleAt = at;
        lastValue = value;
        if (state == null) {
            warningSince = at;
            return Optional.of(open(AlertState.FIRING, newSeverity, value, at));
        }
        if (state == AlertState.FIRING && severity == newSeverity) {
            return Optional.empty();
        }
        return Optional.of(move(AlertState.FIRING, newSeverity, value, at));
    }

    /**
     * Opens a pending alert at once, for rules that count inputs rather than hold levels for a
     * duration (health: a failure counted, not yet enough of them). Empty when one is open already.
     */
    public Optional<Transition> pend(Severity newSeverity, double value, Instant at) {
        lastSampleAt = at;
        lastValue = value;
        if (state != null) {
            return Optional.empty();
        }
        warningSince = at;
        return Optional.of(open(AlertState.PENDING, newSeverity, value, at));
    }

    /**
     * A change of the open alert that is not a state change (it became stable after flapping): same
     * state, next sequence, with the reason for its history. Empty when nothing is open.
     */
    public Optional<Transition> note(Instant at, String reason) {
        if (state == null) {
            return Optional.empty();
        }
        sequence++;
        return Optional.of(transition(state, state, severity, lastValue, at).withReason(reason));
    }

    /** Resolves the open alert, if any, with an optional reason for its history. */
    public Optional<Transition> resolve(double value, Instant at, String reason) {
        if (state == null) {
            return Optional.empty();
        }
        lastSampleAt = at;
        lastValue = value;
        warningSince = null;
        criticalSince = null;
        Transition t = close(value, at);
        return Optional.of(reason == null ? t : t.withReason(reason));
    }

    private Severity dueSeverity(Instant at) {
        if (criticalSince != null && held(criticalSince, levels.critical().forDuration(), at)) {
            return Severity.CRITICAL;
        }
        if (warningSince != null && levels.warning() != null && held(warningSince, levels.warning().forDuration(), at)) {
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
        String summary = Summary.render(summaryTemplate, ruleName, severity.label(), value, labels, facts);
        return new Transition(alertId, fingerprint, sequence, ruleName, from, to, severity, previous, labels,
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
