package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code type: domain}: {@code warning-days}, {@code critical-days}, {@code severity} and {@code warnings}. */
final class DomainRuleFormat implements RuleKindFormat {

    @Override
    public String type() {
        return DomainRule.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("warning-days", "critical-days", "severity", "warnings");
    }

    @Override
    public RuleKind read(JsonNode rule, String where, Fields fields) {
        if (rule.has("group-by")) {
            // Each subject is its own alert (its labels name it); what several share is a route's grouping.
            throw ConfigException.at(Fields.path(where, "group-by"),
                    "not supported for type domain: each subject is its own alert (group notifications in a route)");
        }
        int warningDays = days(rule, "warning-days", DomainRule.DEFAULT_WARNING_DAYS, where, fields);
        int criticalDays = days(rule, "critical-days", DomainRule.DEFAULT_CRITICAL_DAYS, where, fields);
        if (criticalDays >= warningDays) {
            // Named where the mistake is: critical-days when written; else warning-days, set at or below the default 7.
            String field = rule.hasNonNull("critical-days") ? "critical-days" : "warning-days";
            throw ConfigException.at(Fields.path(where, field), "critical-days (" + criticalDays
                    + ") must be below warning-days (" + warningDays + ")");
        }
        String warnings = fields.optionalText(rule, "warnings", where);
        if (warnings != null && !warnings.equals("warning") && !warnings.equals("ignore")) {
            throw ConfigException.at(Fields.path(where, "warnings"), "'" + warnings + "' is not warning or ignore");
        }
        String severity = fields.optionalText(rule, "severity", where);
        if (severity != null && !Fields.isSeverity(severity)) {
            throw ConfigException.at(Fields.path(where, "severity"), "'" + severity + "' is not warning or critical");
        }
        return new DomainRule(warningDays, criticalDays, severity, !"ignore".equals(warnings));
    }

    private static int days(JsonNode rule, String key, int otherwise, String where, Fields fields) {
        if (!rule.hasNonNull(key)) {
            return otherwise;
        }
        int n = fields.integer(rule.get(key), Fields.path(where, key));
        if (n < 0 || n > DomainRule.MAX_DAYS) {
            throw ConfigException.at(Fields.path(where, key), "must be between 0 and " + DomainRule.MAX_DAYS);
        }
        return n;
    }

    @Override
    public void write(RuleKind kind, ObjectNode rule) {
        DomainRule d = (DomainRule) kind;
        rule.put("warning-days", d.warningDays());
        rule.put("critical-days", d.criticalDays());
        rule.put("severity", d.severity());
        rule.put("warnings", d.warnsOnWarn() ? "warning" : "ignore");
    }

    @Override
    public String defaultSummary(RuleKind kind) {
        return "{subject} ({domain}): {message}";
    }
}
