package io.vigil.alert.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vigil.alert.config.RulesProducer.Rules;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.RuleEvaluator;
import io.vigil.alert.store.AlertStore;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code metrics} in batches: reads each record (unreadable ones go to the dead-letter
 * topic and the batch goes on), evaluates the rules in memory, stores the batch's transitions in
 * one transaction, publishes them, then acknowledges the batch. Batches are processed one at a
 * time, so the evaluator is only ever touched by one batch.
 */
@ApplicationScoped
public class MetricsConsumer {

    private final RuleEvaluator evaluator;
    private final AlertStore store;
    private final TransitionPublisher publisher;
    private final DeadLetters deadLetters;
    private final Counter evaluated;
    private final Counter deadLettered;
    private final Timer evaluation;
    private final MeterRegistry registry;
    private volatile boolean restored;

    public MetricsConsumer(Rules rules, AlertStore store, TransitionPublisher publisher, DeadLetters deadLetters,
            MeterRegistry registry) {
        this.evaluator = new RuleEvaluator(rules.list());
        this.store = store;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.evaluated = Counter.builder("vigil.metric.batches").tag("outcome", "evaluated")
                .description("Metric batches read and evaluated").register(registry);
        this.deadLettered = Counter.builder("vigil.metric.batches").tag("outcome", "dead_lettered")
                .description("Metric records that could not be read and went to metrics-dlq").register(registry);
        Gauge.builder("vigil.alert.tracked.series", evaluator, RuleEvaluator::trackedSeries)
                .description("Series with a pending or firing alert, held in memory").register(registry);
        this.evaluation = Timer.builder("vigil.rule.evaluation").description("Rule evaluation per consumed Kafka batch")
                .register(registry);
    }

    @Incoming(Topics.METRICS)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return restoreOnce()
                .chain(() -> {
                    // Evaluate exactly once: retrying below repeats only the I/O, never the state change.
                    Evaluation result = evaluate(batch.getRecords());
                    return withRetry(result.deadLetters())
                            .chain(() -> withRetry(store.record(result.transitions())))
                            .chain(() -> withRetry(publisher.publish(result.transitions())));
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().call(e -> {
                    Log.errorf(e, "metrics batch failed size=%d", batch.getRecords().size());
                    return Uni.createFrom().completionStage(batch.nack(e));
                });
    }

    /** Open alerts are loaded before the first batch, so that a restart neither re-fires nor forgets them. */
    private Uni<Void> restoreOnce() {
        if (restored) {
            return Uni.createFrom().voidItem();
        }
        return withRetry(store.openAlerts()).invoke(open -> {
            evaluator.restore(open);
            restored = true;
            Log.infof("open alerts restored count=%d", open.size());
        }).replaceWithVoid();
    }

    private static <T> Uni<T> withRetry(Uni<T> io) {
        return io.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }

    private Evaluation evaluate(List<KafkaRecord<String, String>> records) {
        List<MetricBatch> batches = new ArrayList<>(records.size());
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                batches.add(Json.read(record.getPayload(), MetricBatch.class));
            } catch (Json.EventFormatException e) {
                deadLettered.increment();
                rejected.add(deadLetters.send(record, e));
            }
        }
        List<Transition> transitions = new ArrayList<>();
        evaluation.record(() -> {
            for (MetricBatch b : batches) {
                transitions.addAll(evaluator.evaluate(b));
            }
        });
        evaluated.increment(batches.size());
        for (Transition t : transitions) {
            registry.counter("vigil.alert.transitions", "to", t.to().label()).increment();
            Log.infof("alert transition rule=%s fingerprint=%s from=%s to=%s severity=%s value=%s",
                    t.rule(), t.fingerprint(), t.from(), t.to(), t.severity().label(), t.value());
        }
        Uni<Void> dlq = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        return new Evaluation(transitions, dlq);
    }

    private record Evaluation(List<Transition> transitions, Uni<Void> deadLetters) {
    }
}
