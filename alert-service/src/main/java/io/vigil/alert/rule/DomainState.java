package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.DomainRule;
import io.vigil.config.Durations;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.DomainFinding;
import io.vigil.events.FindingStatus;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code type: domain}: one alert per subject (label set) of a domain, judged finding by finding
 * by {@link DomainVerdict}. There is no streak and no for-duration: the first failing finding
 * fires, an OK (or a {@code removed}) one resolves, a {@code propagating} one holds. A firing alert
 * whose verdict changes severity (a certificate going from 15 to 5 days left, or a hostname
 * mismatch appearing on an expiring one) moves to the new severity through
 * {@link SeriesLifecycle#fire}, so people are told of it as of a threshold alert's level change.
 *
 * <p>The alert's value is {@code days_left} for a TLS finding that has one (so a post can say how
 * long is left), else the status as a number (0 ok, 1 warn, 2 fail). The code, status, message
 * and details are facts for the summary, not labels: a message that changes from one run to the
 * next never changes the alert's identity.
 *
 * <p>Nothing is counted, so a restart loses nothing: a restored alert is carried on as it was
 * stored. A subject that sends nothing for {@code forgetAfter} (its domain taken out of the file
 * without a last finding) is forgotten and its alert resolved, with the reason.
 */
final class DomainState extends RuleState {

    private final Map<Map<String, String>, Subject> subjects = new HashMap<>();
    private final Instant watchingSince;
    private final Duration forgetAfter;

    /** One subject (one label set) of this rule: its alert and when it last reported. */
    private static final class Subject {
        final AlertSeries alert;
        /** When the latest finding happened (its own time): older ones arriving late are ignored. */
        Instant lastAt;
        /** This service's clock when the latest finding arrived: what forgetting is measured by. */
        Instant lastSeen;

        Subject(AlertSeries alert) {
            this.alert = alert;
        }
    }

    DomainState(RuleConfig rule, Flapping flapping, Instant watchingSince, Duration forgetAfter) {
        super(rule, flapping);
        this.watchingSince = watchingSince;
        this.forgetAfter = forgetAfter;
    }

    private DomainRule domain() {
        return (DomainRule) rule.kind();
    }

    @Override
    boolean readsFindings() {
        return true;
    }

    @Override
    boolean isFallback() {
        return rule.name().equals(DomainRule.DEFAULT_NAME);
    }

    /** The alert value of a finding: see the class comment. */
    static double valueOf(DomainFinding finding) {
        Integer daysLeft = DomainVerdict.daysLeft(finding);
        if (finding.kind().equals(DomainVerdict.TLS) && daysLeft != null) {
            return daysLeft;
        }
        switch (finding.status()) {
            case FAIL:
                return 2;
            case WARN:
                return 1;
            default:
                return 0;
        }
    }

    @Override
    void finding(DomainFinding finding, Map<String, String> labels, Instant receivedAt, Output out) {
        DomainVerdict verdict = DomainVerdict.of(domain(), finding);
        Subject s = subjects.get(labels);
        if (s == null) {
            if (verdict.action() != DomainVerdict.Action.FIRE) {
                // Nothing open and nothing to open: nothing to remember either.
                return;
            }
            s = new Subject(newSeries(labels));
            subjects.put(labels, s);
        }
        Instant at = finding.occurredAt();
        if (s.lastAt != null && at.isBefore(s.lastAt)) {
            return;
        }
        s.lastAt = at;
        s.lastSeen = receivedAt;
        SeriesLifecycle lifecycle = s.alert.lifecycle;
        switch (verdict.action()) {
            case FIRE:
                lifecycle.facts(facts(finding, labels));
                s.alert.record(lifecycle.fire(verdict.severity(), valueOf(finding), at)).ifPresent(out::add);
                break;
            case RESOLVE:
                lifecycle.facts(facts(finding, labels));
                if (finding.code().equals(DomainVerdict.REMOVED)) {
                    // The subject is gone: its alert ends here, and nothing of it (flap history) is kept.
                    lifecycle.resolve(valueOf(finding), at, "the subject was removed").ifPresent(out::add);
                    subjects.remove(labels);
                    return;
                }
                s.alert.record(lifecycle.resolve(valueOf(finding), at, null)).ifPresent(out::add);
                break;
            default:
                // Hold: the open alert (or none) stays as it is, told nothing new.
                break;
        }
        if (s.alert.isIdle(at)) {
            subjects.remove(labels);
        }
    }

    /**
     * What the summary may say of the latest finding besides its labels: {@code code},
     * {@code status}, {@code message}, and its details ({@code days_left}, ...) whose names no label takes.
     */
    private static Map<String, String> facts(DomainFinding finding, Map<String, String> labels) {
        Map<String, String> facts = new HashMap<>();
        finding.details().forEach((k, v) -> {
            if (!labels.containsKey(k) && v != null) {
                facts.put(k, v);
            }
        });
        facts.put("code", finding.code());
        facts.put("status", finding.status().label());
        facts.put("message", finding.message());
        return facts;
    }

    private AlertSeries newSeries(Map<String, String> labels) {
        String fingerprint = Fingerprint.of(rule.name(), labels);
        return new AlertSeries(new SeriesLifecycle(rule.name(), Levels.NONE, rule.summary(), fingerprint, labels),
                fingerprint, labels, flapping);
    }

    @Override
    void restore(OpenAlert open) {
        Subject s = subjects.computeIfAbsent(open.labels(), k -> new Subject(newSeries(open.labels())));
        s.alert.restore(open);
        s.lastAt = open.updatedAt();
        s.lastSeen = watchingSince;
        // The finding is not stored: what a transition before the next finding says.
        FindingStatus status = open.severity() == Severity.WARNING ? FindingStatus.WARN : FindingStatus.FAIL;
        s.alert.lifecycle.facts(Map.of("code", "", "status", status.label(), "message", ""));
    }

    @Override
    void tick(Instant now, Output out) {
        super.tick(now, out);
        for (Iterator<Subject> it = subjects.values().iterator(); it.hasNext(); ) {
            Subject s = it.next();
            if (s.lastSeen != null && Duration.between(s.lastSeen, now).compareTo(forgetAfter) > 0) {
                s.alert.lifecycle.resolve(s.alert.lifecycle.lastValue(), now,
                        "no finding for " + Durations.format(forgetAfter) + ": the subject is forgotten")
                        .ifPresent(out::add);
                it.remove();
            } else if (s.alert.isIdle(now)) {
                it.remove();
            }
        }
    }

    @Override
    boolean redefine(RuleConfig newRule) {
        if (!(newRule.kind() instanceof DomainRule) || !newRule.matchers().equals(rule.matchers())) {
            return false;
        }
        // New days or severity apply from the next finding; an open alert is not re-judged before.
        rule = newRule;
        for (Subject s : subjects.values()) {
            s.alert.lifecycle.redefine(Levels.NONE, newRule.summary());
        }
        return true;
    }

    @Override
    Collection<AlertSeries> alertSeries() {
        return subjects.values().stream().map(s -> s.alert).toList();
    }

    @Override
    int trackedSeries() {
        return subjects.size();
    }
}
