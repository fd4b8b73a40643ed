package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/** {@code type: absence}: an optional metric, how long without data ({@code after}) and the severity. */
final class AbsenceRuleFormat implements RuleKindFormat {

    @Override
    public String type() {
        return AbsenceRule.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("metric", "after", "severity");
    }

    @Override
    public RuleKind read(JsonNode rule, String where, Fields fields) {
        String metric = fields.metric(rule, where, false);
        Duration after = fields.optionalDuration(rule, "after", where);
        // Below a second the rule would race the very batches it waits for.
        Fields.atLeast(after, AbsenceRule.MIN_AFTER, Fields.path(where, "after"));
        String severity = fields.optionalText(rule, "severity", where);
        if (severity != null && !Fields.isSeverity(severity)) {
            throw ConfigException.at(Fields.path(where, "severity"), "'" + severity + "' is not warning or critical");
        }
        return new AbsenceRule(metric, after, severity);
    }

    @Override
    public void write(RuleKind kind, ObjectNode rule) {
        AbsenceRule a = (AbsenceRule) kind;
        if (a.metric() != null) {
            rule.put("metric", a.metric());
        }
        if (a.after() != null) {
            rule.put("after", Durations.format(a.after()));
        }
        rule.put("severity", a.severity());
    }

    @Override
    public String defaultSummary(RuleKind kind) {
        return "{rule}: no data from {host} for {value}s";
    }
}
