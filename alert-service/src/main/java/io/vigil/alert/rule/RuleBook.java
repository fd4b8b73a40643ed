package io.vigil.alert.rule;

import io.vigil.config.AlertingConfig;
import io.vigil.config.DomainRule;
import io.vigil.config.HealthRule;
import io.vigil.config.RuleConfig;
import java.util.ArrayList;
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

    /**
     * The rules that read {@code stream} (a topic), under the same version, so that each pipeline's
     * engines see only their own: an absence rule never watches checks, a health rule never reads
     * metrics. {@code health-results} also gets the built-in {@link HealthRule#defaultRule()}
     * ({@code check-down}) unless a rule of that name exists: a user's {@code check-down} of type
     * health replaces it (that is how the default is tuned); one of another type leaves no default.
     * {@code domain-findings} gets {@link DomainRule#defaultRule()} ({@code domain-problem}) the
     * same way.
     */
    public RuleBook forStream(String stream) {
        List<RuleConfig> selected = new ArrayList<>();
        boolean defaultNameTaken = false;
        boolean domainDefaultTaken = false;
        for (RuleConfig r : rules) {
            defaultNameTaken |= r.name().equals(HealthRule.DEFAULT_NAME);
            domainDefaultTaken |= r.name().equals(DomainRule.DEFAULT_NAME);
            if (r.kind().stream().equals(stream)) {
                selected.add(r);
            }
        }
        if (stream.equals(HealthRule.STREAM) && !defaultNameTaken) {
            selected.add(HealthRule.defaultRule());
        }
        if (stream.equals(DomainRule.STREAM) && !domainDefaultTaken) {
            selected.add(DomainRule.defaultRule());
        }
        return new RuleBook(version, selected, alerting);
    }

    public Map<String, RuleConfig> byName() {
        Map<String, RuleConfig> map = new LinkedHashMap<>();
        rules.forEach(r -> map.put(r.name(), r));
        return map;
    }
}
