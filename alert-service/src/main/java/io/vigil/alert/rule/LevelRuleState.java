package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.Flapping;
import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rules that judge a value per series against levels (threshold, trend). Without {@code group-by}
 * each series is its own alert; with it, the series of one group share an alert whose value is the
 * worst of their latest values (as {@code max by (host)} for an "above" rule).
 */
abstract class LevelRuleState extends RuleState {

    private Levels levels;
    /** Alerts by series (no group-by) or by group labels. */
    private final Map<Object, AlertSeries> series = new HashMap<>();
    /** With group-by: each group's members and their latest values. */
    private final Map<Map<String, String>, Map<SeriesKey, Double>> members = new HashMap<>();

    LevelRuleState(RuleConfig rule, Levels levels, Flapping flapping) {
        super(rule, flapping);
        this.levels = levels;
    }

    /** The value the levels judge for this sample, or NaN when there is none yet (a fit needs two points). */
    abstract double judge(SeriesKey key, MetricSample sample, Instant at);

    /** Whether the kind must see every selected sample even while nothing is open (a fit does). */
    boolean needsEverySample() {
        return false;
    }

    @Override
    void sample(String host, MetricSample sample, Instant at, Instant receivedAt, Output out) {
        if (rule.groupBy().isEmpty()) {
            if (series.isEmpty() && !needsEverySample() && !levels.breached(sample.value())) {
                // The hot path: nothing open for this rule and nothing breached, so nothing to do.
                return;
            }
            SeriesKey key = new SeriesKey(host, sample.labels());
            double value = judge(key, sample, at);
            AlertSeries s = series.get(key);
            if (s == null) {
                if (Double.isNaN(value) || !levels.breached(value)) {
                    return;
                }
                Map<String, String> labels = key.labels();
                s = newSeries(labels);
                series.put(key, s);
            }
            observe(key, s, value, at, out);
            return;
        }
        SeriesKey key = new SeriesKey(host, sample.labels());
        double value = judge(key, sample, at);
        if (Double.isNaN(value)) {
            return;
        }
        Map<String, String> group = groupLabels(key);
        Map<SeriesKey, Double> values = members.computeIfAbsent(group, g -> new HashMap<>());
        values.put(key, value);
        double worst = worst(values);
        AlertSeries s = series.get(group);
        if (s == null) {
            if (!levels.breached(worst)) {
                return;
            }
            s = newSeries(group);
            series.put(group, s);
        }
        observe(group, s, worst, at, out);
    }

    private void observe(Object key, AlertSeries s, double value, Instant at, Output out) {
        s.record(s.lifecycle.observe(value, at)).ifPresent(out::add);
        if (s.isIdle(at)) {
            series.remove(key);
        }
    }

    private AlertSeries newSeries(Map<String, String> labels) {
        String fingerprint = Fingerprint.of(rule.name(), labels);
        return new AlertSeries(new SeriesLifecycle(rule.name(), levels, rule.summary(), fingerprint, labels),
                fingerprint, labels, flapping);
    }

    private Map<String, String> groupLabels(SeriesKey key) {
        Map<String, String> all = key.labels();
        Map<String, String> group = new LinkedHashMap<>();
        for (String name : rule.groupBy()) {
            String v = all.get(name);
            if (v != null) {
                group.put(name, v);
            }
        }
        return Map.copyOf(group);
    }

    private double worst(Map<SeriesKey, Double> values) {
        boolean above = levels.direction() == Level.Direction.ABOVE;
        double worst = above ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (double v : values.values()) {
            worst = above ? Math.max(worst, v) : Math.min(worst, v);
        }
        return worst;
    }

    @Override
    void restore(OpenAlert open) {
        Object key = rule.groupBy().isEmpty() ? SeriesKey.ofLabels(open.labels()) : Map.copyOf(open.labels());
        AlertSeries s = series.computeIfAbsent(key, k -> newSeries(open.labels()));
        s.restore(open);
    }

    @Override
    boolean redefine(RuleConfig newRule) {
        if (!newRule.kind().getClass().equals(rule.kind().getClass()) || !newRule.matchers().equals(rule.matchers())
                || !newRule.groupBy().equals(rule.groupBy()) || !sameSeriesDefinition(newRule)) {
            return false;
        }
        rule = newRule;
        levels = levelsOf(newRule);
        for (AlertSeries s : series.values()) {
            s.lifecycle.redefine(levels, newRule.summary());
        }
        return true;
    }

    /** Whether the kind-specific part that shapes series state (a trend's window) stays the same. */
    boolean sameSeriesDefinition(RuleConfig newRule) {
        return true;
    }

    abstract Levels levelsOf(RuleConfig newRule);

    @Override
    Collection<AlertSeries> alertSeries() {
        return series.values();
    }

    @Override
    void tick(Instant now, Output out) {
        super.tick(now, out);
        for (Iterator<AlertSeries> it = series.values().iterator(); it.hasNext(); ) {
            if (it.next().isIdle(now)) {
                it.remove();
            }
        }
    }

    @Override
    int trackedSeries() {
        return series.size();
    }
}
