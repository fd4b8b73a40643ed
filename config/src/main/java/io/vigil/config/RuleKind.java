package io.vigil.config;

/**
 * What a rule evaluates, one implementation per {@code type:} of the {@code rules:} section
 * ({@link ThresholdRule}, {@link TrendRule}, {@link AbsenceRule}, {@link HealthRule}, {@link DomainRule}). The alert-service has one
 * evaluator per kind; a new kind (health results, domain findings) is a record here, its parser in
 * {@link RuleKinds}, and its evaluator: nothing else in the engine changes.
 */
public interface RuleKind {

    /** The {@code type:} key in the config file. */
    String type();

    /** The topic whose events the rule reads ({@code metrics}, later {@code health-results}, ...). */
    String stream();

    /** The metric name the rule selects, or null when it reads every sample of a host (absence of a host). */
    String metric();
}
