package io.vigil.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Prometheus-style label matcher: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"} or {@code name!~"regex"}. As in Prometheus, a missing label is the empty
 * string, and a regex must match the whole value. Written the same way in the config file, the
 * API and silences: {@code host=~"web-.*"} (the quotes are optional when the value has no spaces).
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

    /** The four operators. */
    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\"\\s]*))\\s*");

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op.isRegex() && pattern == null) {
            pattern = Pattern.compile(value);
        }
    }

    /** A matcher; a regex that does not compile throws {@link PatternSyntaxException}. */
    public static LabelMatcher of(String name, Op op, String value) {
        return new LabelMatcher(name, op, value, null);
    }

    public static LabelMatcher equal(String name, String value) {
        return of(name, Op.EQUAL, value);
    }

    /**
     * Reads {@code name op "value"}.
     *
     * @throws IllegalArgumentException naming what is wrong (syntax, or the regex's error)
     */
    public static LabelMatcher parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a matcher is required, such as host=\"web-1\"");
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher: write name=\"value\", name!=\"value\", "
                    + "name=~\"regex\" or name!~\"regex\"");
        }
        Op op = switch (m.group(2)) {
            case "=" -> Op.EQUAL;
            case "!=" -> Op.NOT_EQUAL;
            case "=~" -> Op.REGEX;
            default -> Op.NOT_REGEX;
        };
        String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(4);
        try {
            return of(m.group(1), op, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid regex: " + e.getDescription());
        }
    }

    /** Whether the labels satisfy this matcher; a missing label counts as the empty string. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(name);
        if (actual == null) {
            actual = "";
        }
        return switch (op) {
            case EQUAL -> value.equals(actual);
            case NOT_EQUAL -> !value.equals(actual);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other && name.equals(other.name) && op == other.op
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /** The matcher as written in the config file: {@code name=~"value"}. */
    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
