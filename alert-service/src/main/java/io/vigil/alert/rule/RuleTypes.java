package io.vigil.alert.rule;

import io.vigil.config.AbsenceRule;
import io.vigil.config.DomainRule;
import io.vigil.config.Flapping;
import io.vigil.config.HealthRule;
import io.vigil.config.RuleConfig;
import io.vigil.config.ThresholdRule;
import io.vigil.config.TrendRule;
import java.time.Duration;
import java.time.Instant;

/**
 * The one place that knows every rule kind: which {@link RuleState} evaluates it. A new kind is a
 * line here, its state class, and its record and parser in the config module.
 */
final class RuleTypes {

    private RuleTypes() {
    }

    static RuleState create(RuleConfig rule, Flapping flapping, Instant now, Duration forgetAfter) {
        if (rule.kind() instanceof ThresholdRule) {
            return new ThresholdState(rule, flapping);
        }
        if (rule.kind() instanceof TrendRule) {
            return new TrendState(rule, flapping);
        }
        if (rule.kind() instanceof AbsenceRule) {
            return new AbsenceState(rule, flapping, now, forgetAfter);
        }
        if (rule.kind() instanceof HealthRule) {
            return new HealthState(rule, flapping, now, forgetAfter);
        }
        if (rule.kind() instanceof DomainRule) {
            return new DomainState(rule, flapping, now, forgetAfter);
        }
        throw new IllegalArgumentException("rule " + rule.name() + ": no evaluator for type " + rule.kind().type());
    }
}
