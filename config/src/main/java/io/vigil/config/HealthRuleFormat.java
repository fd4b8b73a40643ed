package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code type: health}: {@code failures}, {@code successes}, {@code degraded} and the severity. */
final class HealthRuleFormat implements RuleKindFormat {

    @Override
    public String type() {
        return HealthRule.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("failures", "successes", "degraded", "severity");
    }

    @Override
    public RuleKind read(JsonNode rule, String where, Fields fields) {
        if (rule.has("group-by")) {
            // Each check is its own alert (its labels name it); what several checks share is a route's grouping.
            throw ConfigException.at(Fields.path(where, "group-by"),
                    "not supported for type health: each check is its own alert (group notifications in a route)");
        }
        int failures = count(rule, "failures", HealthRule.DEFAULT_FAILURES, where, fields);
        int successes = count(rule, "successes", HealthRule.DEFAULT_SUCCESSES, where, fields);
        String degraded = fields.optionalText(rule, "degraded", where);
        if (degraded != null && !degraded.equals("warning") && !degraded.equals("ignore")) {
            throw ConfigException.at(Fields.path(where, "degraded"), "'" + degraded + "' is not warning or ignore");
        }
        String severity = fields.optionalText(rule, "severity", where);
        if (severity != null && !Fields.isSeverity(severity)) {
            throw ConfigException.at(Fields.path(where, "severity"), "'" + severity + "' is not warning or critical");
        }
        return new HealthRule(failures, successes, !"ignore".equals(degraded), severity);
    }

    private static int count(JsonNode rule, String key, int otherwise, String where, Fields fields) {
        if (!rule.hasNonNull(key)) {
            return otherwise;
        }
        int n = fields.integer(rule.get(key), Fields.path(where, key));
        if (n < 1 || n > HealthRule.MAX_COUNT) {
            throw ConfigException.at(Fields.path(where, key), "must be between 1 and " + HealthRule.MAX_COUNT);
        }
        return n;
    }

    @Override
    public void write(RuleKind kind, ObjectNode rule) {
        HealthRule h = (HealthRule) kind;
        rule.put("failures", h.failures());
        rule.put("successes", h.successes());
        rule.put("degraded", h.degradedWarns() ? "warning" : "ignore");
        rule.put("severity", h.severity());
    }

    @Override
    public String defaultSummary(RuleKind kind) {
        return "{check} is {status}: {message}";
    }
}
