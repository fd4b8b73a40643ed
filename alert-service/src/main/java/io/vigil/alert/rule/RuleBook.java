package io.vigil.alert.rule;

import io.vigil.config.AlertingConfig;
import io.vigil.config.RuleConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the rule set: the rules provisioned from the config file plus those created
 * through the API, and the alerting defaults. Immutable; a change makes a new book with a higher
 * version, which every partition's engine picks up before its next batch.
 */
public record RuleBook(long version, List<RuleConfig> rules, AlertingConfig alerting) {

    public RuleBook {
        rules = List.copyOf(rules);
    }

    public static RuleBook of(List<RuleConfig> rules) {
        return new RuleBook(1, rules, AlertingConfig.DEFAULTS);
    }

    public Map<String, RuleConfig> byName() {
        Map<String, RuleConfig> map = new LinkedHashMap<>();
        rules.forEach(r -> map.put(r.name(), r));
        return map;
    }
}
