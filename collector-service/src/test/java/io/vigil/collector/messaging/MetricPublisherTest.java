package io.vigil.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class MetricPublisherTest {

    private final RecordingEmitter emitter = new RecordingEmitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricPublisher publisher = new MetricPublisher(emitter, registry);
    private final MetricBatch batch = MetricBatch.of(new EventSource("collector-service", "web-1"), "web-1",
            Instant.parse("2026-11-22T00:00:00Z"), List.of(MetricSample.of("host_load1", 0.5)));

    @Test
    void sendsTheBatchAsJsonKeyedByHost() {
        publisher.publish(batch);

        Message<? extends String> message = emitter.messages.get(0);
        assertThat(Json.read(message.getPayload(), MetricBatch.class)).isEqualTo(batch);
        assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class))
                .hasValueSatisfying(m -> assertThat(m.getKey()).isEqualTo("web-1"));
    }

    @Test
    void countsSentOnlyWhenTheBrokerAcknowledges() {
        publisher.publish(batch);
        assertThat(count("sent")).isZero();

        emitter.messages.get(0).ack();

        assertThat(count("sent")).isEqualTo(1);
        assertThat(count("failed")).isZero();
    }

    @Test
    void countsFailedWhenTheProducerGivesUp() {
        publisher.publish(batch);

        emitter.messages.get(0).nack(new RuntimeException("delivery timeout"));

        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("sent")).isZero();
    }

    @Test
    void refusedSendIsCountedAndDoesNotThrow() {
        emitter.refuse = true;

        publisher.publish(batch);

        assertThat(count("failed")).isEqualTo(1);
    }

    private double count(String outcome) {
        return registry.get("vigil.collector.batches").tag("outcome", outcome).counter().count();
    }
}
