package io.vigil.alert.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.pipeline.DeadLetterSink;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.AlertStore.OutboxRow;
import io.vigil.events.Topics;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.Origin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The pipelines' Kafka outputs: the dead-letter topics ({@code metrics-dlq},
 * {@code health-results-dlq}, {@code domain-findings-dlq}) and the relay's publisher for {@code alerts} and {@code notifications}.
 */
@ApplicationScoped
public class KafkaBeans {

    /** The relay publishes at most this many rows at once; the emitters buffer at least as many. */
    static final int RELAY_BATCH = 500;
    /** A broker that does not acknowledge within this is treated as down; the rows are published again later. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<String> alerts;
    private final MutinyEmitter<String> notifications;
    private final Map<String, DeadLetterWriter> deadLetters;

    public KafkaBeans(
            @Channel(Topics.ALERTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * RELAY_BATCH)
            MutinyEmitter<String> alerts,
            @Channel(Topics.NOTIFICATIONS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * RELAY_BATCH)
            MutinyEmitter<String> notifications,
            @Channel(Topics.METRICS_DLQ) MutinyEmitter<String> metricsDlq,
            @Channel(Topics.HEALTH_RESULTS_DLQ) MutinyEmitter<String> healthResultsDlq,
            @Channel(Topics.DOMAIN_FINDINGS_DLQ) MutinyEmitter<String> domainFindingsDlq) {
        this.alerts = alerts;
        this.notifications = notifications;
        this.deadLetters = Map.of(
                Topics.METRICS, new DeadLetterWriter(metricsDlq),
                Topics.HEALTH_RESULTS, new DeadLetterWriter(healthResultsDlq),
                Topics.DOMAIN_FINDINGS, new DeadLetterWriter(domainFindingsDlq));
    }

    @Produces
    @Singleton
    DeadLetterSink deadLetterSink() {
        // Each record goes to its own topic's dead letters (<topic>-dlq).
        return (record, reason, cause) -> {
            DeadLetterWriter writer = deadLetters.get(record.topic());
            if (writer == null) {
                throw new IllegalStateException("no dead-letter topic for records of " + record.topic());
            }
            return writer.send(new Origin(record.topic(), record.partition(), record.offset(), record.key()),
                    record.value(), reason, cause);
        };
    }

    @Produces
    @Singleton
    OutboxRelay relay(AlertStore store, PipelineHealth health) {
        return new OutboxRelay(store, this::publish, health, RELAY_BATCH);
    }

    /** Sends the rows in order and completes when the broker acknowledged all of them. */
    Uni<Void> publish(List<OutboxRow> rows) {
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            MutinyEmitter<String> emitter = switch (row.topic()) {
                case Topics.ALERTS -> alerts;
                case Topics.NOTIFICATIONS -> notifications;
                default -> throw new IllegalStateException("outbox row " + row.id() + " names unknown topic " + row.topic());
            };
            sends.add(emitter.sendMessage(Message.of(row.payload())
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.key()).build())));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .ifNoItem().after(PUBLISH_TIMEOUT).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + rows.size() + " records within " + PUBLISH_TIMEOUT.toSeconds() + "s"));
    }
}
