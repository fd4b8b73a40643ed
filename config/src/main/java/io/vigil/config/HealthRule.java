package io.vigil.config;

/**
 * {@code type: health}: reads {@code health-results}. A check DOWN for {@code failures} results in
 * a row fires; {@code successes} UP results in a row resolve it. A DEGRADED result counts as a
 * warning-level failure when {@code degraded} is {@code warning}, and as nothing when it is
 * {@code ignore}. The severity is the check's own when it names one, else this rule's.
 *
 * <p>The alert-service adds {@link #defaultRule()} ({@link #DEFAULT_NAME}) for the checks that no
 * other health rule selects, so that a check alerts when it goes DOWN without anyone writing a rule.
 * A rule named {@code check-down} of this type replaces the built-in one (that is how the default
 * is tuned) and, like it, sees only the results no other health rule selects. Its summary may say
 * {@code {check}}, {@code {status}}, {@code {message}} and a result's details by name.
 *
 * @param severity {@code warning} or {@code critical}: for checks that name none
 */
public record HealthRule(int failures, int successes, boolean degradedWarns, String severity) implements RuleKind {

    public static final String TYPE = "health";
    public static final String STREAM = "health-results";
    public static final String DEFAULT_NAME = "check-down";
    public static final int DEFAULT_FAILURES = 2;
    public static final int DEFAULT_SUCCESSES = 1;
    /** The most results in a row a rule can ask for. */
    public static final int MAX_COUNT = 100;

    public HealthRule {
        if (severity == null) {
            severity = "critical";
        }
        if (!severity.equals("warning") && !severity.equals("critical")) {
            throw new IllegalArgumentException("severity must be warning or critical");
        }
        if (failures < 1 || successes < 1 || failures > MAX_COUNT || successes > MAX_COUNT) {
            throw new IllegalArgumentException("failures and successes must be between 1 and " + MAX_COUNT);
        }
    }

    /** The rule used when the file has none of this kind. */
    public static RuleConfig defaultRule() {
        HealthRule kind = new HealthRule(DEFAULT_FAILURES, DEFAULT_SUCCESSES, true, "critical");
        return new RuleConfig(DEFAULT_NAME, kind, null, null, new HealthRuleFormat().defaultSummary(kind), null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String stream() {
        return STREAM;
    }

    @Override
    public String metric() {
        return null;
    }
}
