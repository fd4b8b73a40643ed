package io.vigil.config;

import java.time.Duration;

/**
 * {@code type: absence}: no sample of {@code metric} (or, without a metric, no batch at all from
 * the host) for {@code after}; resolved by the next sample. A series never seen does not alert.
 *
 * @param metric null: any batch from the host counts (a host-down rule)
 * @param after null: three times the source's interval
 * @param severity {@code warning} or {@code critical}
 */
public record AbsenceRule(String metric, Duration after, String severity) implements RuleKind {

    public static final String TYPE = "absence";

    /** The shortest {@code after} the loader accepts. */
    public static final Duration MIN_AFTER = Duration.ofSeconds(1);

    public AbsenceRule {
        if (severity == null) {
            severity = "critical";
        }
        if (!severity.equals("warning") && !severity.equals("critical")) {
            throw new IllegalArgumentException("severity must be warning or critical");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String stream() {
        return "metrics";
    }
}
