package io.vigil.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The rule kinds the config file and the API know, by {@code type:}: the one place a new kind is registered. */
final class RuleKinds {

    /** Keys every rule has, whatever its kind. */
    static final Set<String> COMMON_KEYS = Set.of("name", "type", "labels", "matchers", "group-by", "summary",
            "repeat-interval", "flapping");

    /** The type of a rule without {@code type:}; the first files only had threshold rules. */
    static final String DEFAULT_TYPE = ThresholdRule.TYPE;

    private static final Map<String, RuleKindFormat> BY_TYPE = index(List.of(
            new ThresholdRuleFormat(),
            new TrendRuleFormat(),
            new AbsenceRuleFormat(),
            new HealthRuleFormat(),
            new DomainRuleFormat()));

    private RuleKinds() {
    }

    private static Map<String, RuleKindFormat> index(List<RuleKindFormat> formats) {
        Map<String, RuleKindFormat> byType = new LinkedHashMap<>();
        for (RuleKindFormat f : formats) {
            Set<String> overlap = new TreeSet<>(f.keys());
            overlap.retainAll(COMMON_KEYS);
            if (!overlap.isEmpty() || byType.put(f.type(), f) != null) {
                throw new IllegalStateException("rule kind " + f.type() + " is registered twice or redefines " + overlap);
            }
        }
        return Map.copyOf(byType);
    }

    static Optional<RuleKindFormat> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** The format of a kind built in code (the writer's side). */
    static RuleKindFormat of(RuleKind kind) {
        return forType(kind.type()).orElseThrow(() -> new IllegalArgumentException(
                "rule type '" + kind.type() + "' is not registered in RuleKinds"));
    }

    /** The known types, sorted, for error messages. */
    static Set<String> types() {
        return new TreeSet<>(BY_TYPE.keySet());
    }

    /** The keys a rule of this kind may have. */
    static Set<String> allowedKeys(RuleKindFormat format) {
        Set<String> keys = new TreeSet<>(COMMON_KEYS);
        keys.addAll(format.keys());
        return keys;
    }
}
