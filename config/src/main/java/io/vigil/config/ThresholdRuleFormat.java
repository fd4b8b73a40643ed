package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code type: threshold}: metric, warning, critical and clear; the shape of the first versions of the file. */
final class ThresholdRuleFormat implements RuleKindFormat {

    @Override
    public String type() {
        return ThresholdRule.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("metric", "warning", "critical", "clear");
    }

    @Override
    public RuleKind read(JsonNode rule, String where, Fields fields) {
        String metric = fields.metric(rule, where, true);
        Level warning = LevelFormat.read(rule.get("warning"), Fields.path(where, "warning"), fields);
        Level critical = LevelFormat.read(rule.get("critical"), Fields.path(where, "critical"), fields);
        Level clear = LevelFormat.read(rule.get("clear"), Fields.path(where, "clear"), fields);
        if (warning == null && critical == null) {
            throw ConfigException.at(where, "needs a warning or a critical level (or both)");
        }
        LevelFormat.check(where, warning, critical, clear);
        return new ThresholdRule(metric, warning, critical, clear);
    }

    @Override
    public void write(RuleKind kind, ObjectNode rule) {
        ThresholdRule t = (ThresholdRule) kind;
        rule.put("metric", t.metric());
        if (t.warning() != null) {
            rule.set("warning", LevelFormat.write(t.warning()));
        }
        if (t.critical() != null) {
            rule.set("critical", LevelFormat.write(t.critical()));
        }
        if (t.clear() != null) {
            rule.set("clear", LevelFormat.write(t.clear()));
        }
    }

    @Override
    public String defaultSummary(RuleKind kind) {
        return RuleConfig.DEFAULT_SUMMARY;
    }
}
