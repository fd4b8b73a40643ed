package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/** {@code type: trend}: metric, window, horizon, and warning/critical levels against the predicted value. */
final class TrendRuleFormat implements RuleKindFormat {

    @Override
    public String type() {
        return TrendRule.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("metric", "window", "horizon", "warning", "critical");
    }

    @Override
    public RuleKind read(JsonNode rule, String where, Fields fields) {
        String metric = fields.metric(rule, where, true);
        Duration window = fields.optionalDuration(rule, "window", where);
        // A line through less than a minute of samples is noise, not a trend.
        window = window == null ? TrendRule.DEFAULT_WINDOW
                : Fields.atLeast(window, TrendRule.MIN_WINDOW, Fields.path(where, "window"));
        Duration horizon = fields.optionalDuration(rule, "horizon", where);
        if (horizon == null) {
            throw ConfigException.at(Fields.path(where, "horizon"), "is required: how far ahead to predict, e.g. 24h");
        }
        Fields.positive(horizon, Fields.path(where, "horizon"));
        Level warning = LevelFormat.read(rule.get("warning"), Fields.path(where, "warning"), fields);
        Level critical = LevelFormat.read(rule.get("critical"), Fields.path(where, "critical"), fields);
        if (warning == null && critical == null) {
            throw ConfigException.at(where, "needs a warning or a critical level (or both)");
        }
        LevelFormat.check(where, warning, critical, null);
        return new TrendRule(metric, window, horizon, warning, critical);
    }

    @Override
    public void write(RuleKind kind, ObjectNode rule) {
        TrendRule t = (TrendRule) kind;
        rule.put("metric", t.metric());
        rule.put("window", Durations.format(t.window()));
        rule.put("horizon", Durations.format(t.horizon()));
        if (t.warning() != null) {
            rule.set("warning", LevelFormat.write(t.warning()));
        }
        if (t.critical() != null) {
            rule.set("critical", LevelFormat.write(t.critical()));
        }
    }

    @Override
    public String defaultSummary(RuleKind kind) {
        return "{rule} on {host}: {value} predicted in " + Durations.format(((TrendRule) kind).horizon());
    }
}
