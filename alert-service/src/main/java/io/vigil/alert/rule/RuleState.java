package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.DomainFinding;
import io.vigil.events.HealthResult;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one partition's engine holds for one rule: its alert series and whatever the kind needs
 * (a fit per series, when each host was last seen). One subclass per rule kind, registered in
 * {@link RuleTypes}; the engine itself knows no kind. Single-threaded, like the engine.
 */
abstract class RuleState {

    protected RuleConfig rule;
    protected final Flapping flapping;

    RuleState(RuleConfig rule, Flapping flapping) {
        this.rule = rule;
        this.flapping = flapping;
    }

    RuleConfig rule() {
        return rule;
    }

    /** Whether the rule reads every batch of a host rather than samples of one metric. */
    boolean readsBatches() {
        return false;
    }

    /** Whether the rule reads health results ({@code health-results}) rather than metrics. */
    boolean readsResults() {
        return false;
    }

    /** Whether the rule reads domain findings ({@code domain-findings}) rather than metrics. */
    boolean readsFindings() {
        return false;
    }

    /**
     * Whether the rule only sees the inputs no other rule of its stream selects: the built-in
     * {@code check-down} and {@code domain-problem}, so that a check or a domain nobody wrote a
     * rule for still alerts.
     */
    boolean isFallback() {
        return false;
    }

    /** A health result the rule selects (matchers already checked against {@code labels}, the alert's labels). */
    void result(HealthResult result, Map<String, String> labels, Instant receivedAt, Output out) {
    }

    /** A domain finding the rule selects (matchers already checked against {@code labels}, the alert's labels). */
    void finding(DomainFinding finding, Map<String, String> labels, Instant receivedAt, Output out) {
    }

    /** A sample the rule selects (metric name and matchers already checked). */
    void sample(String host, MetricSample sample, Instant at, Instant receivedAt, Output out) {
    }

    /** A batch, for rules that {@link #readsBatches()}. */
    void batch(MetricBatch batch, Instant receivedAt, Output out) {
    }

    /** Wall-clock work: absence, flapping series becoming stable. */
    void tick(Instant now, Output out) {
        for (AlertSeries s : alertSeries()) {
            if (s.isFlapping()) {
                s.checkStable(now).ifPresent(out::add);
            }
        }
    }

    /** Carries on a stored open alert of this rule. */
    abstract void restore(OpenAlert open);

    /** Picks up the stored series an absence rule watches; other kinds ignore them. */
    void restoreSeen(SeenSeries seen) {
    }

    /**
     * Takes a new definition of the rule with the same name. Returns false when the state cannot
     * carry on under it (another kind, other matchers or grouping): the engine then closes this
     * state and starts afresh.
     */
    boolean redefine(RuleConfig newRule) {
        return false;
    }

    abstract Collection<AlertSeries> alertSeries();

    /** Resolves every open alert with the reason (the rule was removed or changed beyond carrying on). */
    List<Transition> close(String reason, Instant now) {
        List<Transition> out = new ArrayList<>();
        for (AlertSeries s : alertSeries()) {
            Optional<Transition> t = s.lifecycle.resolve(s.lifecycle.lastValue(), now, reason);
            t.ifPresent(out::add);
        }
        return out;
    }

    /** Series with state (open alerts, flap history, fits, last-seen times). */
    abstract int trackedSeries();
}
