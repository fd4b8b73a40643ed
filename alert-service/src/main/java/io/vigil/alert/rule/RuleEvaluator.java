package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.RuleConfig;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates threshold rules against metric batches, in memory. Each sample that a rule selects
 * (same metric name, label matchers equal) feeds the lifecycle of its series; the result is the
 * list of transitions to store and publish. Not thread-safe: one pipeline owns it (one evaluator
 * per consumed partition, so a lost partition takes its alerts with it).
 */
public final class RuleEvaluator {

    private final Map<String, List<RuleConfig>> rulesByMetric = new HashMap<>();
    private final Map<String, RuleConfig> rulesByName = new HashMap<>();
    private final Map<String, SeriesLifecycle> series = new HashMap<>();

    public RuleEvaluator(List<RuleConfig> rules) {
        for (RuleConfig rule : rules) {
            rulesByMetric.computeIfAbsent(rule.metric(), m -> new ArrayList<>()).add(rule);
            rulesByName.put(rule.name(), rule);
        }
    }

    /**
     * Carries on open alerts from the store. An alert whose rule is no longer configured cannot be
     * evaluated any more: it is resolved, with the reason, by the returned transitions.
     */
    public List<Transition> restore(List<OpenAlert> open, Instant now) {
        List<Transition> orphans = new ArrayList<>();
        for (OpenAlert alert : open) {
            RuleConfig rule = rulesByName.get(alert.rule());
            if (rule == null) {
                orphans.add(SeriesLifecycle.resolveOrphan(alert,
                        "rule '" + alert.rule() + "' is no longer in the config file", now));
                continue;
            }
            series.computeIfAbsent(alert.fingerprint(), fp -> new SeriesLifecycle(rule, fp, alert.labels()))
                    .restore(alert);
        }
        return orphans;
    }

    /** The transitions one batch causes, in sample order. */
    public List<Transition> evaluate(MetricBatch batch) {
        List<Transition> transitions = new ArrayList<>();
        for (MetricSample sample : batch.samples()) {
            List<RuleConfig> rules = rulesByMetric.get(sample.name());
            if (rules == null) {
                continue;
            }
            Map<String, String> labels = labelsOf(batch, sample);
            for (RuleConfig rule : rules) {
                if (!rule.selects(labels)) {
                    continue;
                }
                String fingerprint = Fingerprint.of(rule.name(), labels);
                SeriesLifecycle lifecycle = series.computeIfAbsent(fingerprint,
                        fp -> new SeriesLifecycle(rule, fp, labels));
                Optional<Transition> t = lifecycle.observe(sample.value(), batch.occurredAt());
                t.ifPresent(transitions::add);
                if (!lifecycle.isOpen()) {
                    // Inactive series cost nothing: they are rebuilt from the next sample.
                    series.remove(fingerprint);
                }
            }
        }
        return transitions;
    }

    /** Number of series with an open (pending or firing) alert. */
    public int trackedSeries() {
        return series.size();
    }

    private static Map<String, String> labelsOf(MetricBatch batch, MetricSample sample) {
        Map<String, String> labels = new HashMap<>(sample.labels());
        labels.putIfAbsent("host", batch.host());
        return labels;
    }
}
