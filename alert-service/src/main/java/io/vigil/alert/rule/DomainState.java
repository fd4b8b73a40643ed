package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.DomainRule;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.DomainFinding;
import io.vigil.events.FindingStatus;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
final class DomainState extends ReportRuleState<ReportRuleState.Subject> {

    DomainState(RuleConfig rule, Flapping flapping, Instant watchingSince, Duration forgetAfter) {
        super(rule, flapping, watchingSince, forgetAfter, Subject::new);
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
        Subject s = subject(labels);
        if (s == null) {
            if (verdict.action() != DomainVerdict.Action.FIRE) {
                // Nothing open and nothing to open: nothing to remember either.
                return;
            }
            s = track(labels);
        }
        Instant at = finding.occurredAt();
        if (!arrived(s, at, receivedAt)) {
            return;
        }
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
                    forget(labels);
                    return;
                }
                s.alert.record(lifecycle.resolve(valueOf(finding), at, null)).ifPresent(out::add);
                break;
            default:
                // Hold: the open alert (or none) stays as it is, told nothing new.
                break;
        }
        dropIfIdle(labels, s, at);
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

    @Override
    void restored(Subject s, OpenAlert open) {
        // The finding is not stored: what a transition before the next finding says.
        FindingStatus status = open.severity() == Severity.WARNING ? FindingStatus.WARN : FindingStatus.FAIL;
        s.alert.lifecycle.facts(Map.of("code", "", "status", status.label(), "message", ""));
    }

    @Override
    String forgetReason(String forgetAfter) {
        return "no finding for " + forgetAfter + ": the subject is forgotten";
    }

    @Override
    boolean isSameKind(RuleConfig newRule) {
        return newRule.kind() instanceof DomainRule;
    }
}
