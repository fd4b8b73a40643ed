package io.vigil.alert.lifecycle;

import io.vigil.events.Values;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a rule's summary: {@code {host}}, {@code {value}}, {@code {rule}}, {@code {severity}}, a
 * fact of the latest input ({@code {status}}, {@code {message}} of a health result) or any label.
 */
public final class Summary {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_]*)}");

    private Summary() {
    }

    /** Unknown placeholders stay as written, so a typo shows in the post instead of vanishing. */
    public static String render(String template, String rule, String severity, double value, Map<String, String> labels) {
        return render(template, rule, severity, value, labels, Map.of());
    }

    /**
     * As {@link #render(String, String, String, double, Map)}, with the facts of the latest input
     * (looked up before the labels). Facts change from one input to the next without changing the
     * alert's identity, which the labels alone make.
     */
    public static String render(String template, String rule, String severity, double value, Map<String, String> labels,
            Map<String, String> facts) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String v = switch (key) {
                case "value" -> Values.format(value);
                case "rule" -> rule;
                case "severity" -> severity;
                default -> facts.containsKey(key) ? facts.get(key) : labels.get(key);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
