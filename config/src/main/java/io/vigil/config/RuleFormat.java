package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One rule object, as in the {@code rules:} section and the API: the keys every rule shares here,
 * the kind's own keys in the {@link RuleKindFormat} its {@code type:} picks.
 */
final class RuleFormat {

    private RuleFormat() {
    }

    /** Reads a rule at {@code where} ({@code rules[0]}, or empty for an API body). */
    static RuleConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.name(node, where);
        String at = Fields.named(where, name);
        String type = node.hasNonNull("type") ? fields.text(node.get("type"), Fields.path(at, "type"))
                : RuleKinds.DEFAULT_TYPE;
        RuleKindFormat format = RuleKinds.forType(type).orElseThrow(() -> ConfigException.at(Fields.path(at, "type"),
                "'" + type + "' is not a rule type (expected one of " + String.join(", ", RuleKinds.types()) + ")"));
        // Naming the type helps when a key of another kind (horizon) sits on a rule without its type.
        Fields.checkKeys(node, at, RuleKinds.allowedKeys(format), "unknown key for type " + type);
        RuleKind kind = format.read(node, at, fields);
        Map<String, String> labels = fields.labelMap(node.get("labels"), Fields.path(at, "labels"));
        List<LabelMatcher> matchers = fields.matchers(node.get("matchers"), Fields.path(at, "matchers"));
        List<String> groupBy = fields.labelNames(node.get("group-by"), Fields.path(at, "group-by"));
        String summary = fields.optionalText(node, "summary", at);
        Duration repeat = Fields.positive(fields.optionalDuration(node, "repeat-interval", at),
                Fields.path(at, "repeat-interval"));
        Flapping flapping = fields.flapping(node.get("flapping"), Fields.path(at, "flapping"));
        return new RuleConfig(name, kind, LabelMatchers.of(labels, matchers), groupBy,
                summary != null ? summary : format.defaultSummary(kind), repeat, flapping);
    }

    /**
     * The rule in the shape {@link #read} takes. Equality {@code labels:} come back as
     * {@code matchers:} (the rule keeps one list), and a summary equal to the kind's default is left
     * out so that it follows the rule when edited (a trend's horizon is part of its default).
     */
    static ObjectNode write(RuleConfig rule) {
        RuleKindFormat format = RuleKinds.of(rule.kind());
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", rule.name());
        node.put("type", format.type());
        format.write(rule.kind(), node);
        if (!rule.matchers().isEmpty()) {
            ArrayNode matchers = node.putArray("matchers");
            rule.matchers().forEach(m -> matchers.add(m.toString()));
        }
        if (!rule.groupBy().isEmpty()) {
            ArrayNode groupBy = node.putArray("group-by");
            rule.groupBy().forEach(groupBy::add);
        }
        if (!rule.summary().equals(format.defaultSummary(rule.kind()))) {
            node.put("summary", rule.summary());
        }
        if (rule.repeatInterval() != null) {
            node.put("repeat-interval", Durations.format(rule.repeatInterval()));
        }
        if (rule.flapping() != null) {
            node.set("flapping", writeFlapping(rule.flapping()));
        }
        return node;
    }

    static ObjectNode writeFlapping(Flapping flapping) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("changes", flapping.changes());
        node.put("window", Durations.format(flapping.window()));
        return node;
    }
}
