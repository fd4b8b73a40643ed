package io.vigil.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A threshold rule from the {@code rules:} section.
 *
 * @param labels equality matchers on the sample's labels (and {@code host}); empty matches all
 * @param warning may be null when {@code critical} is set
 * @param critical may be null when {@code warning} is set
 * @param clear optional hysteresis: a firing alert resolves only once this holds for its duration
 * @param summary text with {@code {host}}, {@code {value}}, {@code {rule}}, {@code {severity}} or
 *     any label name in braces
 */
public record RuleConfig(
        String name,
        String metric,
        Map<String, String> labels,
        Level warning,
        Level critical,
        Level clear,
        String summary) {

    public RuleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (warning == null && critical == null) {
            throw new IllegalArgumentException("rule " + name + " needs warning or critical");
        }
    }

    /** Whether this rule selects a sample with these labels ({@code host} included). */
    public boolean selects(Map<String, String> sampleLabels) {
        return LabelMatchers.matches(labels, sampleLabels);
    }

    public Optional<Level> clearLevel() {
        return Optional.ofNullable(clear);
    }
}
