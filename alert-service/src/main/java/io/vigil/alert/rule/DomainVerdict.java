package io.vigil.alert.rule;

import io.vigil.config.DomainRule;
import io.vigil.events.DomainFinding;
import io.vigil.events.FindingStatus;
import io.vigil.events.Severity;

/**
 * What a domain rule makes of one finding, as a pure function (see {@link DomainRule} for the
 * rules in words): fire at a severity, resolve, or hold whatever is open. Kept apart from
 * {@link DomainState} so that the judgement reads in one place and the state only keeps series.
 *
 * @param action what the series does
 * @param severity the severity to fire at; null unless {@code action} is {@link Action#FIRE}
 */
record DomainVerdict(Action action, Severity severity) {

    /** What the finding asks of its series. */
    enum Action {
        FIRE,
        RESOLVE,
        /** Neither fire nor resolve: a DNS change still propagating, or a WARN the rule ignores. */
        HOLD
    }

    static final String REMOVED = "removed";
    static final String PROPAGATING = "propagating";
    static final String EXPIRY = "expiry";
    /** A TLS problem the domain-service reports as WARN: a protocol older than TLS 1.2. */
    static final String PROTOCOL = "protocol";
    static final String TLS = "tls";
    /** The detail with whole days until the soonest-expiring certificate of the chain expires. */
    static final String DAYS_LEFT = "days_left";
    /** The detail listing, comma-separated, every problem of an endpoint other than expiry. */
    static final String PROBLEMS = "problems";

    private static final DomainVerdict RESOLVE = new DomainVerdict(Action.RESOLVE, null);
    private static final DomainVerdict HOLD = new DomainVerdict(Action.HOLD, null);

    static DomainVerdict of(DomainRule rule, DomainFinding finding) {
        String code = finding.code();
        if (code.equals(REMOVED)) {
            return RESOLVE;
        }
        if (code.equals(PROPAGATING)) {
            // A change younger than the old record's TTL: not broken, not confirmed either.
            return HOLD;
        }
        if (finding.kind().equals(TLS)) {
            return tls(rule, finding);
        }
        switch (finding.status()) {
            case FAIL:
                return fire(Severity.parse(rule.severity()));
            case WARN:
                return rule.warnsOnWarn() ? fire(Severity.WARNING) : HOLD;
            default:
                return RESOLVE;
        }
    }

    /**
     * The higher of the expiry's severity (by this rule's days, whatever the domain-service's own
     * thresholds made the status) and the rule's severity for any other problem.
     */
    private static DomainVerdict tls(DomainRule rule, DomainFinding finding) {
        Severity worst = null;
        Integer daysLeft = daysLeft(finding);
        if (daysLeft != null && daysLeft <= rule.criticalDays()) {
            worst = Severity.CRITICAL;
        } else if (daysLeft != null && daysLeft <= rule.warningDays()) {
            worst = Severity.WARNING;
        }
        Severity problem = problem(rule, finding, daysLeft);
        if (problem != null) {
            worst = worst == null || problem.compareTo(worst) > 0 ? problem : worst;
        }
        return worst == null ? RESOLVE : fire(worst);
    }

    /**
     * The severity of what is wrong besides expiry, or null: the rule's severity for a listed
     * failure, or a FAIL for another reason (or for expiry with no days to judge it by, so that a
     * failure is never read as healthy); a warning for an old protocol alone, the one problem the
     * domain-service reports as WARN (nothing with {@code warnings: ignore}).
     */
    private static Severity problem(DomainRule rule, DomainFinding finding, Integer daysLeft) {
        Severity failure = Severity.parse(rule.severity());
        if (finding.status() == FindingStatus.FAIL && (!finding.code().equals(EXPIRY) || daysLeft == null)
                && !finding.code().equals(PROTOCOL)) {
            return failure;
        }
        String problems = finding.details().get(PROBLEMS);
        boolean oldProtocol = finding.code().equals(PROTOCOL);
        if (problems != null) {
            for (String p : problems.split(",")) {
                String problem = p.trim();
                if (problem.equals(PROTOCOL)) {
                    oldProtocol = true;
                } else if (!problem.isEmpty() && !problem.equals(EXPIRY)) {
                    return failure;
                }
            }
        }
        return oldProtocol && rule.warnsOnWarn() ? Severity.WARNING : null;
    }

    /** The {@code days_left} detail, or null when absent (no certificate was obtained) or not a whole number. */
    static Integer daysLeft(DomainFinding finding) {
        String text = finding.details().get(DAYS_LEFT);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static DomainVerdict fire(Severity severity) {
        return new DomainVerdict(Action.FIRE, severity);
    }
}
