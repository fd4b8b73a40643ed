package io.vigil.config;

import java.util.List;
import java.util.Objects;

/**
 * An entry of the {@code inhibit:} section: while an alert matching {@code source} fires, alerts
 * matching {@code target} that have the same values of the {@code equal} labels are recorded but
 * not notified. Matchers see the alert's labels plus {@code rule} and {@code severity}. An alert
 * never inhibits itself.
 */
public record InhibitRule(String name, List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {

    public InhibitRule {
        Objects.requireNonNull(name, "name");
        source = source == null ? List.of() : List.copyOf(source);
        target = target == null ? List.of() : List.copyOf(target);
        equal = equal == null ? List.of() : List.copyOf(equal);
    }
}
