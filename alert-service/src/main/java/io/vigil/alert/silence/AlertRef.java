package io.vigil.alert.silence;

import io.vigil.events.Severity;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An alert as muting sees it: its id and its attributes (labels plus {@code rule} and
 * {@code severity}). It lives here rather than in {@code inhibit} so that {@code silence} never
 * imports {@code inhibit}, which imports {@code silence}.
 *
 * @param alertId the alert's id; null for a label set that is not an alert (a label-only question)
 */
public record AlertRef(UUID alertId, Map<String, String> attributes) {

    /** The attribute holding the rule name. */
    public static final String RULE = "rule";
    /** The attribute holding the severity label, {@code warning} or {@code critical}. */
    public static final String SEVERITY = "severity";

    public AlertRef {
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** An alert of {@code rule} at {@code severity} (null while it has none) with these labels. */
    public static AlertRef of(UUID alertId, String rule, Severity severity, Map<String, String> labels) {
        return new AlertRef(Objects.requireNonNull(alertId, "alertId"), attributes(rule, severity, labels));
    }

    /**
     * The labels plus {@code rule} and {@code severity}. Those two win over labels of the same
     * name: a matcher {@code severity="critical"} must mean the alert's severity, whatever a
     * scraped series happens to carry.
     */
    public static Map<String, String> attributes(String rule, Severity severity, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(RULE, Objects.requireNonNull(rule, "rule"));
        if (severity != null) {
            all.put(SEVERITY, severity.label());
        } else {
            all.remove(SEVERITY);
        }
        return Map.copyOf(all);
    }
}
