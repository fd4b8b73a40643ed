package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a parsed YAML/JSON tree, naming the field path in every error. It is
 * also the one place that decides what {@code ${VAR}} means: the file resolves variables, an API
 * body keeps them as literal text (an API user must not read the server's environment).
 */
final class Fields {

    /** Resolves {@code ${VAR}} in a value read at a path; may throw a {@link ConfigException} naming it. */
    interface Interpolation {
        String apply(String value, String where);
    }

    /** Text taken as written: API bodies. */
    static final Fields LITERAL = new Fields((value, where) -> value);

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Interpolation interpolation;

    Fields(Interpolation interpolation) {
        this.interpolation = interpolation;
    }

    /** {@code where.key}, or just {@code key} at the top of an API body (paths there are relative). */
    static String path(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    static String index(String where, int i) {
        return where + "[" + i + "]";
    }

    /** The path of an object once its name is known: {@code rules[0] (high-cpu)}; an API body stays relative. */
    static String named(String where, String name) {
        return where.isEmpty() ? "" : where + " (" + name + ")";
    }

    String text(JsonNode node, String where) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw ConfigException.at(where, "must be a text value");
        }
        return interpolation.apply(node.asText(), where);
    }

    /** The text at {@code key}, or null when it is absent or null. */
    String optionalText(JsonNode object, String key, String where) {
        return object.hasNonNull(key) ? text(object.get(key), path(where, key)) : null;
    }

    /** The text at {@code key}; absent, null or blank is an error. */
    String requiredText(JsonNode object, String key, String where) {
        String value = optionalText(object, key, where);
        if (value == null || value.isBlank()) {
            throw ConfigException.at(path(where, key), "is required");
        }
        return value;
    }

    /** A required name for a rule or window: letters, digits, '-', '_' or '.', so it can sit in a URL path. */
    String name(JsonNode object, String where) {
        String name = requiredText(object, "name", where);
        if (!NAME.matcher(name).matches()) {
            throw ConfigException.at(path(named(where, name), "name"), "use letters, digits, '-', '_' or '.'");
        }
        return name;
    }

    /** The metric name at {@code metric}, or null when absent and not required. */
    String metric(JsonNode object, String where, boolean required) {
        String metric = required ? requiredText(object, "metric", where) : optionalText(object, "metric", where);
        if (metric != null && !METRIC_NAME.matcher(metric).matches()) {
            throw ConfigException.at(path(where, "metric"), "'" + metric + "' is not a Prometheus metric name");
        }
        return metric;
    }

    double number(JsonNode node, String where) {
        if (node != null && node.isNumber()) {
            return node.doubleValue();
        }
        if (node != null && node.isTextual()) {
            try {
                return Double.parseDouble(interpolation.apply(node.asText(), where).trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw ConfigException.at(where, "must be a number");
    }

    int integer(JsonNode node, String where) {
        if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node != null && node.isTextual()) {
            try {
                return Integer.parseInt(interpolation.apply(node.asText(), where).trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw ConfigException.at(where, "must be a whole number");
    }

    Duration duration(JsonNode node, String where) {
        if (node != null && node.isIntegralNumber() && node.asLong() == 0) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text(node, where));
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(where, e.getMessage());
        }
    }

    /** The duration at {@code key}, or null when absent. */
    Duration optionalDuration(JsonNode object, String key, String where) {
        return object.hasNonNull(key) ? duration(object.get(key), path(where, key)) : null;
    }

    /** {@code d}, refused when shorter than {@code min} (a zero {@code min} still refuses nothing). */
    static Duration atLeast(Duration d, Duration min, String where) {
        if (d != null && d.compareTo(min) < 0) {
            throw ConfigException.at(where, Durations.format(d) + " is below the minimum of " + Durations.format(min));
        }
        return d;
    }

    static Duration positive(Duration d, String where) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw ConfigException.at(where, "must be longer than 0s");
        }
        return d;
    }

    /** A mapping of label name to text; {@code labels: {role: web}}. */
    Map<String, String> labelMap(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObject(node, where);
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!LABEL_NAME.matcher(f.getKey()).matches()) {
                throw ConfigException.at(path(where, f.getKey()), "not a label name");
            }
            map.put(f.getKey(), text(f.getValue(), path(where, f.getKey())));
        }
        return map;
    }

    /** A list of distinct label names ({@code group-by}, {@code equal}); absent is empty. */
    List<String> labelNames(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ConfigException.at(where, "must be a list of label names, e.g. [host]");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String name = text(node.get(i), index(where, i));
            if (!LABEL_NAME.matcher(name).matches()) {
                throw ConfigException.at(index(where, i), "'" + name + "' is not a label name");
            }
            if (!seen.add(name)) {
                throw ConfigException.at(index(where, i), "'" + name + "' is listed twice");
            }
            names.add(name);
        }
        return names;
    }

    /** A list of matcher strings ({@code ['host=~"web-.*"']}); absent is empty. */
    List<LabelMatcher> matchers(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ConfigException.at(where, "must be a list of matchers, e.g. ['host=~\"web-.*\"']");
        }
        List<LabelMatcher> matchers = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item == null || !item.isTextual()) {
                throw ConfigException.at(index(where, i), "must be a text value such as host=~\"web-.*\"");
            }
            try {
                matchers.add(LabelMatcher.parse(interpolation.apply(item.asText(), index(where, i))));
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(index(where, i), e.getMessage());
            }
        }
        return matchers;
    }

    /**
     * Matchers on {@code severity} compare with {@code warning} or {@code critical} only; any other
     * value is a typo that would silently never (or always) match.
     */
    static void checkSeverityMatchers(List<LabelMatcher> matchers, String where) {
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            if (m.name().equals("severity") && !m.op().isRegex() && !isSeverity(m.value())) {
                throw ConfigException.at(index(where, i), "'" + m.value() + "' is not a severity (warning or critical)");
            }
        }
    }

    static boolean isSeverity(String value) {
        return value.equals("warning") || value.equals("critical");
    }

    /** {@code flapping: {changes: 6, window: 30m}}, or null when absent. */
    Flapping flapping(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node, where);
        checkKeys(node, where, Set.of("changes", "window"));
        if (!node.hasNonNull("changes")) {
            throw ConfigException.at(path(where, "changes"), "is required");
        }
        int changes = integer(node.get("changes"), path(where, "changes"));
        if (changes < 1) {
            throw ConfigException.at(path(where, "changes"), "must be at least 1");
        }
        Duration window = optionalDuration(node, "window", where);
        if (window == null) {
            throw ConfigException.at(path(where, "window"), "is required");
        }
        return new Flapping(changes, positive(window, path(where, "window")));
    }

    /** The array at {@code where}, or an empty one when absent; anything else is an error saying what belongs there. */
    static JsonNode list(JsonNode node, String where, String what) {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw ConfigException.at(where, "must be a list of " + what);
        }
        return node;
    }

    static void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw ConfigException.at(where, "must be a mapping");
        }
    }

    static void checkKeys(JsonNode node, String where, Set<String> allowed) {
        checkKeys(node, where, allowed, "unknown key");
    }

    /** Unknown keys are errors: a typo must not silently disable a rule. */
    static void checkKeys(JsonNode node, String where, Set<String> allowed, String problem) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw ConfigException.at(path(where, n), problem + " (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
