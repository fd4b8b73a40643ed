package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates every rule against one partition's metric batches, in memory, and decides the
 * transitions to store. Rules are looked up by metric name, so a sample no rule reads costs one
 * map lookup; a rule with nothing open and a value that breaches nothing costs a comparison.
 * Wall-clock work (absence, flapping series turning stable) happens in {@link #tick}. Not
 * thread-safe: one pipeline owns it (one engine per consumed partition, so a lost partition takes
 * its alerts with it).
 */
public final class RuleEngine {

    private static final RuleState[] NONE = new RuleState[0];

    private final Duration forgetAfter;
    private final SampleView view = new SampleView();
    private Map<String, RuleState> states = new LinkedHashMap<>();
    private Map<String, RuleState[]> byMetric = Map.of();
    private RuleState[] batchRules = NONE;
    private long version = -1;

    public RuleEngine(RuleBook book, Instant now, Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
        rules(book, now);
    }

    /** An engine over these rules with default settings (tests). */
    public RuleEngine(List<RuleConfig> rules) {
        this(RuleBook.of(rules), Instant.now(), Duration.ofDays(7));
    }

    public long version() {
        return version;
    }

    /**
     * Switches to another version of the rule set. Rules that stay carry their state on; rules that
     * are gone, or changed beyond carrying on, resolve their open alerts with the reason (returned).
     */
    public List<Transition> rules(RuleBook book, Instant now) {
        List<Transition> closed = new ArrayList<>();
        Map<String, RuleState> next = new LinkedHashMap<>();
        for (RuleConfig rule : book.rules()) {
            Flapping flapping = rule.flapping() != null ? rule.flapping() : book.alerting().flapping();
            RuleState old = states.remove(rule.name());
            if (old != null && (old.rule().equals(rule) || old.redefine(rule))) {
                next.put(rule.name(), old);
                continue;
            }
            if (old != null) {
                closed.addAll(old.close("rule '" + rule.name() + "' was changed", now));
            }
            next.put(rule.name(), RuleTypes.create(rule, flapping, now, forgetAfter));
        }
        for (RuleState gone : states.values()) {
            closed.addAll(gone.close("rule '" + gone.rule().name() + "' was removed", now));
        }
        states = next;
        Map<String, List<RuleState>> index = new HashMap<>();
        List<RuleState> batches = new ArrayList<>();
        for (RuleState s : next.values()) {
            if (s.readsBatches()) {
                batches.add(s);
            } else {
                index.computeIfAbsent(s.rule().metric(), m -> new ArrayList<>()).add(s);
            }
        }
        Map<String, RuleState[]> arrays = new HashMap<>();
        index.forEach((m, l) -> arrays.put(m, l.toArray(NONE)));
        byMetric = arrays;
        batchRules = batches.toArray(NONE);
        version = book.version();
        return closed;
    }

    /**
     * Carries on open alerts from the store. An alert whose rule is no longer configured cannot be
     * evaluated any more: it is resolved, with the reason, by the returned transitions.
     */
    public List<Transition> restore(List<OpenAlert> open, Instant now) {
        List<Transition> orphans = new ArrayList<>();
        for (OpenAlert alert : open) {
            RuleState state = states.get(alert.rule());
            if (state == null) {
                orphans.add(SeriesLifecycle.resolveOrphan(alert,
                        "rule '" + alert.rule() + "' is no longer configured", now));
                continue;
            }
            state.restore(alert);
        }
        return orphans;
    }

    /** Picks up the series absence rules watched before (from the store). */
    public void restoreSeen(List<SeenSeries> seen) {
        for (SeenSeries s : seen) {
            RuleState state = states.get(s.rule());
            if (state != null) {
                state.restoreSeen(s);
            }
        }
    }

    /** The transitions one batch causes, in sample order, with absence bookkeeping. */
    public void evaluate(MetricBatch batch, Instant receivedAt, Output out) {
        String host = batch.host();
        Instant at = batch.occurredAt();
        for (RuleState s : batchRules) {
            s.batch(batch, receivedAt, out);
        }
        List<MetricSample> samples = batch.samples();
        for (int i = 0; i < samples.size(); i++) {
            MetricSample sample = samples.get(i);
            RuleState[] rules = byMetric.get(sample.name());
            if (rules == null) {
                continue;
            }
            for (RuleState s : rules) {
                if (!s.rule().matchers().isEmpty() && !s.rule().selects(view.of(host, sample.labels()))) {
                    continue;
                }
                if (Double.isNaN(sample.value())) {
                    continue;
                }
                s.sample(host, sample, at, receivedAt, out);
            }
        }
    }

    /** The transitions one batch causes (tests and callers that need nothing else). */
    public List<Transition> evaluate(MetricBatch batch) {
        Output out = new Output();
        evaluate(batch, batch.occurredAt(), out);
        return out.transitions;
    }

    /** Wall-clock work: absence and flapping series that became stable. */
    public void tick(Instant now, Output out) {
        for (RuleState s : states.values()) {
            s.tick(now, out);
        }
    }

    /** Number of series with state (open alerts, flap history, fits, watched hosts). */
    public int trackedSeries() {
        int n = 0;
        for (RuleState s : states.values()) {
            n += s.trackedSeries();
        }
        return n;
    }
}
