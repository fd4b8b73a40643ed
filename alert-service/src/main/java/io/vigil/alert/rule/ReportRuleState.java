package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.Durations;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Rules that judge what another service reports about a subject (health results, domain findings)
 * rather than metric samples: one alert per subject (label set). The subclass judges each report;
 * this class keeps the subjects, ignores reports older than the latest (they happened in their own
 * time and may arrive late), and forgets a subject that sends nothing for {@code forgetAfter}
 * (taken out of the file without a last report), resolving its alert with the reason.
 *
 * <p>Forgetting is measured by this service's clock when a report arrived, not by the report's own
 * time, so a checker whose clock is off neither keeps a subject alive nor has it forgotten early.
 */
abstract class ReportRuleState<S extends ReportRuleState.Subject> extends RuleState {

    private final Map<Map<String, String>, S> subjects = new HashMap<>();
    private final Function<AlertSeries, S> newSubject;
    private final Instant watchingSince;
    private final Duration forgetAfter;

    /** One subject (one label set) of a rule: its alert and when it last reported. */
    static class Subject {
        final AlertSeries alert;
        /** When the latest report happened (its own time): older ones arriving late are ignored. */
        Instant lastAt;
        /** This service's clock when the latest report arrived: what forgetting is measured by. */
        Instant lastSeen;

        Subject(AlertSeries alert) {
            this.alert = alert;
        }
    }

    ReportRuleState(RuleConfig rule, Flapping flapping, Instant watchingSince, Duration forgetAfter,
            Function<AlertSeries, S> newSubject) {
        super(rule, flapping);
        this.watchingSince = watchingSince;
        this.forgetAfter = forgetAfter;
        this.newSubject = newSubject;
    }

    /** Whether a new definition is of this state's kind (the matchers are compared here). */
    abstract boolean isSameKind(RuleConfig newRule);

    /** Why a subject silent for {@code forgetAfter} (as the post words it) is forgotten, in the kind's words. */
    abstract String forgetReason(String forgetAfter);

    /** Carries on what the kind keeps of a restored alert besides the series and its times. */
    abstract void restored(S subject, OpenAlert open);

    /** The subject of these labels, or null when nothing of it is kept. */
    final S subject(Map<String, String> labels) {
        return subjects.get(labels);
    }

    /** Starts keeping a subject: its first report opens (or may open) an alert. */
    final S track(Map<String, String> labels) {
        S s = newSubject.apply(newSeries(labels));
        subjects.put(labels, s);
        return s;
    }

    /** Stops keeping a subject (its alert, flap history and times); returns what was kept, or null. */
    final S forget(Map<String, String> labels) {
        return subjects.remove(labels);
    }

    /**
     * Takes a report's times for its subject. Returns false when the report happened before the
     * latest one taken: it arrived late, and judging it would undo a newer verdict.
     */
    final boolean arrived(S s, Instant at, Instant receivedAt) {
        if (s.lastAt != null && at.isBefore(s.lastAt)) {
            return false;
        }
        s.lastAt = at;
        s.lastSeen = receivedAt;
        return true;
    }

    /** Once a report is judged: a subject with nothing open and nothing to remember is dropped. */
    final void dropIfIdle(Map<String, String> labels, S s, Instant at) {
        if (s.alert.isIdle(at)) {
            subjects.remove(labels);
        }
    }

    private AlertSeries newSeries(Map<String, String> labels) {
        String fingerprint = Fingerprint.of(rule.name(), labels);
        return new AlertSeries(new SeriesLifecycle(rule.name(), Levels.NONE, rule.summary(), fingerprint, labels),
                fingerprint, labels, flapping);
    }

    @Override
    final void restore(OpenAlert open) {
        S s = subjects.computeIfAbsent(open.labels(), k -> newSubject.apply(newSeries(open.labels())));
        s.alert.restore(open);
        s.lastAt = open.updatedAt();
        // Silent since the restart, not since the stored update: a long outage forgets nothing at once.
        s.lastSeen = watchingSince;
        restored(s, open);
    }

    @Override
    final void tick(Instant now, Output out) {
        super.tick(now, out);
        for (Iterator<S> it = subjects.values().iterator(); it.hasNext(); ) {
            S s = it.next();
            if (s.lastSeen != null && Duration.between(s.lastSeen, now).compareTo(forgetAfter) > 0) {
                s.alert.lifecycle.resolve(s.alert.lifecycle.lastValue(), now, forgetReason(Durations.format(forgetAfter)))
                        .ifPresent(out::add);
                it.remove();
            } else if (s.alert.isIdle(now)) {
                it.remove();
            }
        }
    }

    @Override
    final boolean redefine(RuleConfig newRule) {
        if (!isSameKind(newRule) || !newRule.matchers().equals(rule.matchers())) {
            return false;
        }
        // New thresholds (failures, days, severity) apply from the next report; an open alert is not re-judged before.
        rule = newRule;
        for (S s : subjects.values()) {
            s.alert.lifecycle.redefine(Levels.NONE, newRule.summary());
        }
        return true;
    }

    @Override
    final Collection<AlertSeries> alertSeries() {
        return subjects.values().stream().map(s -> s.alert).toList();
    }

    @Override
    final int trackedSeries() {
        return subjects.size();
    }
}
