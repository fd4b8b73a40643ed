package io.vigil.alert.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.vigil.alert.lifecycle.Transition;
import java.util.List;

/**
 * A pipeline's metrics, named by outcome: its records by what became of them (evaluated,
 * dead_lettered, replayed, too_old, not_owned) as {@code vigil_metric_batches_total{outcome}},
 * {@code vigil_health_results_total{outcome}} or {@code vigil_domain_findings_total{outcome}};
 * shared by the pipelines:
 * {@code vigil_alert_transitions_total{to}}, {@code vigil_alert_partitions_fenced_total}, the
 * {@code vigil_rule_evaluation_seconds} timer and {@code vigil_alert_tracked_series}
 * ({@link #trackSeries}).
 */
public final class PipelineMetrics {

    /** The records counter of the {@code metrics} pipeline: one per MetricBatch. */
    public static final String METRIC_BATCHES = "vigil.metric.batches";
    /** The records counter of the {@code health-results} pipeline: one per HealthResult. */
    public static final String HEALTH_RESULTS = "vigil.health.results";
    /** The records counter of the {@code domain-findings} pipeline: one per DomainFinding. */
    public static final String DOMAIN_FINDINGS = "vigil.domain.findings";

    private final MeterRegistry registry;
    private final String records;
    private final Counter evaluated;
    private final Counter fenced;
    private final Timer evaluation;

    /** @param records the name of the records counter ({@link #METRIC_BATCHES}, {@link #HEALTH_RESULTS},
     *     {@link #DOMAIN_FINDINGS}) */
    public PipelineMetrics(MeterRegistry registry, String records) {
        this.registry = registry;
        this.records = records;
        this.evaluated = batches("evaluated");
        this.fenced = Counter.builder("vigil.alert.partitions.fenced")
                .description("Commits refused because another instance had claimed the partition").register(registry);
        this.evaluation = Timer.builder("vigil.rule.evaluation").description("Rule evaluation per consumed Kafka batch")
                .register(registry);
        for (String outcome : new String[] {"dead_lettered", "replayed", "too_old", "not_owned"}) {
            batches(outcome);
        }
    }

    /** Registers the gauge of series held in memory, over every pipeline's partitions (one gauge, no tag). */
    public static void trackSeries(MeterRegistry registry, List<Partitions> all) {
        // Strong: nothing else holds the list, and a gauge's weak reference would let it go (NaN).
        Gauge.builder("vigil.alert.tracked.series", all, l -> l.stream().mapToInt(Partitions::trackedSeries).sum())
                .strongReference(true)
                .description("Series with a pending or firing alert, held in memory").register(registry);
    }

    private Counter batches(String outcome) {
        return Counter.builder(records).tag("outcome", outcome)
                .description("Consumed records by what became of them").register(registry);
    }

    void evaluated() {
        evaluated.increment();
    }

    void skipped(String outcome) {
        batches(outcome).increment();
    }

    void fenced() {
        fenced.increment();
    }

    void timeEvaluation(Runnable evaluation) {
        this.evaluation.record(evaluation);
    }

    void transition(Transition t) {
        registry.counter("vigil.alert.transitions", "to", t.to().label()).increment();
        Log.infof("alert transition rule=%s fingerprint=%s from=%s to=%s severity=%s value=%s sequence=%d%s",
                t.rule(), t.fingerprint(), t.from(), t.to(), t.severity().label(), t.value(), t.sequence(),
                t.reason() == null ? "" : " reason=\"" + t.reason() + "\"");
    }
}
