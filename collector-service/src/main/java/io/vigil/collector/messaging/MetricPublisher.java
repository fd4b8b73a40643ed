package io.vigil.collector.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes one {@link MetricBatch} per tick to {@link Topics#METRICS}, keyed by host so that one
 * host's batches stay in order on one partition. Counts each batch once the broker acknowledged
 * it or the producer gave up ({@code vigil_collector_batches_total{outcome}}).
 */
@ApplicationScoped
public class MetricPublisher {

    private final Emitter<String> emitter;
    private final Counter sent;
    private final Counter failed;

    public MetricPublisher(@Channel(Topics.METRICS) Emitter<String> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        // Both outcomes exist from the start, so a rate() over "failed" works before the first failure.
        this.sent = batches(registry, "sent");
        this.failed = batches(registry, "failed");
    }

    /**
     * Hands the batch to the Kafka producer without waiting: the broker's answer arrives later on
     * a Kafka thread and only moves the counters. Never throws, so a broker outage cannot stop
     * the sampling loop.
     */
    public void publish(MetricBatch batch) {
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(batch.host()).build());
        Message<String> message = Message.of(Json.write(batch), metadata,
                () -> {
                    sent.increment();
                    Log.debugf("batch sent host=%s samples=%d", batch.host(), batch.samples().size());
                    return CompletableFuture.completedFuture(null);
                },
                reason -> {
                    failed.increment();
                    Log.warnf("batch failed host=%s eventId=%s reason=%s", batch.host(), batch.eventId(), reason.toString());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // The emitter refuses while its buffer is full (broker down for long) or the channel is closing.
            failed.increment();
            Log.warnf("batch refused host=%s eventId=%s reason=%s", batch.host(), batch.eventId(), e.toString());
        }
    }

    private static Counter batches(MeterRegistry registry, String outcome) {
        return Counter.builder("vigil.collector.batches")
                .description("Metric batches handed to Kafka, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
