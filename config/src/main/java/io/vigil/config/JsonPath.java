package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of JSONPath a health condition needs: a single value reached from the root by names and
 * indexes ({@code $.status}, {@code $.checks[0].ok}, {@code $['dotted.key']}, {@code $.items[-1]}).
 * Filters and wildcards select many values, and "the value must be X" has no single meaning for
 * them, so they are refused when the check is loaded rather than guessed at.
 */
public final class JsonPath {

    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses {@code text}; IllegalArgumentException says what is wrong and where. */
    public static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a JSONPath starts with $, e.g. $.status");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                String name = text.substring(start, i);
                if (name.isEmpty() || name.equals("*")) {
                    throw new IllegalArgumentException("'" + text + "': expected a name after '.' at " + start
                            + " (wildcards and '..' are not supported)");
                }
                steps.add(name);
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': '[' at " + i + " is not closed");
                }
                String inner = text.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "': [" + inner + "] is not an index or a"
                                + " quoted name (filters and wildcards are not supported)");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("'" + text + "': unexpected '" + c + "' at " + i);
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** The value at this path, or a missing node. */
    public JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            if (step instanceof Integer index) {
                int at = index < 0 ? node.size() + index : index;
                node = node.isArray() && at >= 0 ? node.get(at) : null;
            } else {
                node = node.isObject() ? node.get((String) step) : null;
            }
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /**
     * The value as text for comparison with a condition: scalars as written in JSON ({@code true},
     * {@code 42}, {@code UP}), {@code null} for JSON null, null when missing, JSON for containers.
     */
    public String readText(JsonNode root) {
        JsonNode v = read(root);
        if (v.isMissingNode()) {
            return null;
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
