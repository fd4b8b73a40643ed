package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.config.TrendRule;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code type: trend}: the value predicted {@code horizon} ahead by a least-squares line over the
 * series' last {@code window} ({@link LinearFit}, PromQL's {@code predict_linear}) against the
 * levels. Every selected series keeps a fit, whether or not anything is open.
 */
final class TrendState extends LevelRuleState {

    private final Map<SeriesKey, LinearFit> fits = new HashMap<>();

    TrendState(RuleConfig rule, Flapping flapping) {
        super(rule, Levels.of((TrendRule) rule.kind()), flapping);
    }

    private TrendRule trend() {
        return (TrendRule) rule.kind();
    }

    @Override
    boolean needsEverySample() {
        return true;
    }

    @Override
    double judge(SeriesKey key, MetricSample sample, Instant at) {
        LinearFit fit = fits.computeIfAbsent(key, k -> new LinearFit(trend().window()));
        fit.add(at, sample.value());
        OptionalDouble predicted = fit.predict(trend().horizon());
        return predicted.isPresent() ? predicted.getAsDouble() : Double.NaN;
    }

    @Override
    boolean sameSeriesDefinition(RuleConfig newRule) {
        return ((TrendRule) newRule.kind()).window().equals(trend().window());
    }

    @Override
    Levels levelsOf(RuleConfig newRule) {
        return Levels.of((TrendRule) newRule.kind());
    }

    @Override
    int trackedSeries() {
        return Math.max(super.trackedSeries(), fits.size());
    }
}
