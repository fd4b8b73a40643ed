package io.vigil.alert.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.vigil.alert.lifecycle.Transition;

/**
 * The pipeline's metrics, named by outcome: {@code vigil_metric_batches_total{outcome}} (evaluated,
 * dead_lettered, replayed, too_old, not_owned), {@code vigil_alert_transitions_total{to}},
 * {@code vigil_alert_partitions_fenced_total}, {@code vigil_alert_tracked_series} and the
 * {@code vigil_rule_evaluation_seconds} timer.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Counter evaluated;
    private final Counter fenced;
    private final Timer evaluation;

    public PipelineMetrics(MeterRegistry registry, Partitions partitions) {
        this.registry = registry;
        this.evaluated = batches("evaluated");
        this.fenced = Counter.builder("vigil.alert.partitions.fenced")
                .description("Commits refused because another instance had claimed the partition").register(registry);
        this.evaluation = Timer.builder("vigil.rule.evaluation").description("Rule evaluation per consumed Kafka batch")
                .register(registry);
        Gauge.builder("vigil.alert.tracked.series", partitions, Partitions::trackedSeries)
                .description("Series with a pending or firing alert, held in memory").register(registry);
        for (String outcome : new String[] {"dead_lettered", "replayed", "too_old", "not_owned"}) {
            batches(outcome);
        }
    }

    private Counter batches(String outcome) {
        return Counter.builder("vigil.metric.batches").tag("outcome", outcome)
                .description("Metric batches (records of metrics) by what became of them").register(registry);
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
