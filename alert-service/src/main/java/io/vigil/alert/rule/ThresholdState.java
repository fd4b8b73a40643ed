package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.config.ThresholdRule;
import io.vigil.events.MetricSample;
import java.time.Instant;

/** {@code type: threshold}: the sample's own value against the levels. */
final class ThresholdState extends LevelRuleState {

    ThresholdState(RuleConfig rule, Flapping flapping) {
        super(rule, Levels.of((ThresholdRule) rule.kind()), flapping);
    }

    @Override
    double judge(SeriesKey key, MetricSample sample, Instant at) {
        return sample.value();
    }

    @Override
    Levels levelsOf(RuleConfig newRule) {
        return Levels.of((ThresholdRule) newRule.kind());
    }
}
