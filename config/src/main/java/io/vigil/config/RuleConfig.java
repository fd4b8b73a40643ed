package io.vigil.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule from the {@code rules:} section (or the API): the fields every kind shares, and the kind.
 *
 * @param matchers which series the rule selects ({@code labels:} equalities and {@code matchers:});
 *     empty selects all
 * @param groupBy empty: one alert per series; else one alert per distinct value of these labels,
 *     whose value is the worst of its series
 * @param summary text with {@code {host}}, {@code {value}}, {@code {rule}}, {@code {severity}} or
 *     any label name in braces; health rules also {@code {status}}, {@code {message}} and the
 *     result's details ({@code {status_code}}); domain rules {@code {code}}, {@code {status}},
 *     {@code {message}} and the finding's details ({@code {days_left}})
 * @param repeatInterval reminders while firing and unacknowledged; null: the route's or the default
 * @param flapping null: the {@code alerting:} default
 */
public record RuleConfig(
        String name,
        RuleKind kind,
        List<LabelMatcher> matchers,
        List<String> groupBy,
        String summary,
        Duration repeatInterval,
        Flapping flapping) {

    public static final String DEFAULT_SUMMARY = "{rule} on {host}: {value}";

    public RuleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        summary = summary == null ? DEFAULT_SUMMARY : summary;
    }

    /** A threshold rule with equality matchers: what the first versions of the file held. */
    public static RuleConfig threshold(String name, String metric, Map<String, String> labels, Level warning,
            Level critical, Level clear, String summary) {
        return new RuleConfig(name, new ThresholdRule(metric, warning, critical, clear),
                LabelMatchers.of(labels == null ? Map.of() : labels, List.of()), List.of(), summary, null, null);
    }

    /** Whether this rule selects a sample with these labels ({@code host} included). */
    public boolean selects(Map<String, String> sampleLabels) {
        return LabelMatchers.matches(matchers, sampleLabels);
    }

    /** The metric the rule reads, or null (see {@link RuleKind#metric()}). */
    public String metric() {
        return kind.metric();
    }
}
