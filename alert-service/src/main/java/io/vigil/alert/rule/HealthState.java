package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.Flapping;
import io.vigil.config.HealthRule;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code type: health}: counts each check's results in a row, as Gatus does. A failing result
 * opens a pending alert; {@code failures} of them in a row fire it; {@code successes} UP results in
 * a row resolve it (an UP while pending abandons the pending alert at once).
 *
 * <p>A DOWN fires at the check's own severity when the result names one, else at the rule's.
 * With {@code degraded: warning} a DEGRADED result is a failure at warning severity: the alert is
 * a warning while the last {@code failures} results were all DEGRADED (or it fired on DEGRADED
 * ones alone), and goes to the DOWN severity at the next DOWN, as a threshold alert changes
 * severity with its value. With {@code degraded: ignore} a DEGRADED result counts as nothing: both
 * streaks stay as they were, as if it had not come (DOWN, DEGRADED, DOWN is two failures in a row;
 * UP, DEGRADED, UP two successes).
 *
 * <p>The alert's value is the result's status as a number ({@link #valueOf}); its status, message
 * and details are facts for the summary ({@code {status}}, {@code {message}}), not labels, so a
 * message that changes from one run to the next never changes the alert's identity.
 *
 * <p>The counts are not stored. After a restart a restored firing alert counts as having failed
 * enough, a pending one as having failed once: a streak in progress may need up to
 * {@code failures - 1} (or {@code successes - 1}) more results than it would have, never fewer, so
 * a restart delays a transition at worst and never invents one. A check that sends nothing for
 * {@code forgetAfter} (taken out of the file) is forgotten and its open alert resolved, with the
 * reason; a removal result (a check deleted or relabelled through the API) resolves it at once.
 */
final class HealthState extends ReportRuleState<HealthState.Check> {

    /** One check (one label set) of this rule: its alert, its times and its streaks. */
    static final class Check extends ReportRuleState.Subject {
        /** Failing results in a row (DOWN, and DEGRADED when it warns). */
        int failures;
        /** How many of the latest failing results in a row were DEGRADED. */
        int degraded;
        /** UP results in a row. */
        int successes;
        /** The severity a DOWN asks for: the latest DOWN's own, else the rule's. */
        Severity downSeverity;

        Check(AlertSeries alert) {
            super(alert);
        }
    }

    HealthState(RuleConfig rule, Flapping flapping, Instant watchingSince, Duration forgetAfter) {
        super(rule, flapping, watchingSince, forgetAfter, Check::new);
    }

    private HealthRule health() {
        return (HealthRule) rule.kind();
    }

    /** The alert value of a status: 0 up, 1 degraded, 2 down (worse is higher, as for "above" thresholds). */
    static double valueOf(HealthStatus status) {
        switch (status) {
            case DOWN:
                return 2;
            case DEGRADED:
                return 1;
            default:
                return 0;
        }
    }

    @Override
    boolean readsResults() {
        return true;
    }

    @Override
    boolean isFallback() {
        return rule.name().equals(HealthRule.DEFAULT_NAME);
    }

    @Override
    void result(HealthResult result, Map<String, String> labels, Instant receivedAt, Output out) {
        if (result.removed()) {
            // The check is gone (or wears other labels now): what these labels have open ends here.
            Check gone = forget(labels);
            if (gone != null) {
                gone.alert.lifecycle.resolve(gone.alert.lifecycle.lastValue(), result.occurredAt(), "the check was removed")
                        .ifPresent(out::add);
            }
            return;
        }
        HealthStatus status = result.status();
        boolean failing = status == HealthStatus.DOWN || (status == HealthStatus.DEGRADED && health().degradedWarns());
        if (!failing && status != HealthStatus.UP) {
            // degraded: ignore. Neither streak moves; see the class comment.
            return;
        }
        Check c = subject(labels);
        if (c == null) {
            if (!failing) {
                // Up with nothing open: nothing to count (a success streak only matters while open).
                return;
            }
            c = track(labels);
        }
        Instant at = result.occurredAt();
        if (!arrived(c, at, receivedAt)) {
            return;
        }
        SeriesLifecycle lifecycle = c.alert.lifecycle;
        lifecycle.facts(facts(result, labels));
        double value = valueOf(status);
        if (failing) {
            c.successes = 0;
            c.failures++;
            if (status == HealthStatus.DOWN) {
                c.degraded = 0;
                c.downSeverity = result.severity() != null ? result.severity() : Severity.parse(health().severity());
            } else {
                c.degraded++;
            }
            boolean anyDown = c.degraded < c.failures && c.degraded < health().failures();
            Severity severity = anyDown ? c.downSeverity : Severity.WARNING;
            if (c.failures >= health().failures()) {
                c.alert.record(lifecycle.fire(severity, value, at)).ifPresent(out::add);
            } else if (lifecycle.state() == null) {
                c.alert.record(lifecycle.pend(severity, value, at)).ifPresent(out::add);
            }
        } else {
            c.failures = 0;
            c.degraded = 0;
            c.successes++;
            if (lifecycle.state() == AlertState.PENDING || c.successes >= health().successes()) {
                c.alert.record(lifecycle.resolve(value, at, null)).ifPresent(out::add);
            }
        }
        dropIfIdle(labels, c, at);
    }

    /**
     * What the summary may say of the latest result besides its labels: {@code status},
     * {@code message}, and the kind's details ({@code status_code}, ...) whose names no label takes.
     */
    private static Map<String, String> facts(HealthResult result, Map<String, String> labels) {
        Map<String, String> facts = new HashMap<>();
        result.details().forEach((k, v) -> {
            if (!labels.containsKey(k) && v != null) {
                facts.put(k, v);
            }
        });
        facts.put("status", result.status().label());
        facts.put("message", result.message());
        return facts;
    }

    @Override
    void restored(Check c, OpenAlert open) {
        // See the class comment: a firing alert failed enough, a pending one at least once.
        c.failures = open.state() == AlertState.FIRING ? health().failures() : 1;
        boolean degradedOnly = open.value() == valueOf(HealthStatus.DEGRADED);
        c.degraded = degradedOnly ? c.failures : 0;
        c.downSeverity = degradedOnly ? Severity.parse(health().severity()) : open.severity();
        // The message is not stored: what a transition before the next result says, from the stored value.
        c.alert.lifecycle.facts(Map.of("status", degradedOnly ? HealthStatus.DEGRADED.label()
                : HealthStatus.DOWN.label(), "message", ""));
    }

    @Override
    String forgetReason(String forgetAfter) {
        return "no result for " + forgetAfter + ": the check is forgotten";
    }

    @Override
    boolean isSameKind(RuleConfig newRule) {
        return newRule.kind() instanceof HealthRule;
    }
}
