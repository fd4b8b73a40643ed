package io.vigil.e2e;

import io.vigil.events.AlertEvent;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;

/** Helpers for e2e tests that read what the alert-service published and check it for loss and duplicates. */
final class AlertStreams {

    private AlertStreams() {
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /**
     * The distinct events by id, after checking that every duplicate is the same event: a record
     * published twice must carry the same id and the same content.
     */
    static Map<UUID, AlertEvent> distinctAlertEvents(List<ConsumerRecord<String, String>> records) {
        Map<UUID, String> raw = new HashMap<>();
        Map<UUID, AlertEvent> events = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            AlertEvent e = Json.read(r.value(), AlertEvent.class);
            String before = raw.putIfAbsent(e.eventId(), r.value());
            Assertions.assertThat(before == null || before.equals(r.value()))
                    .as("event %s published twice with different content:%n%s%n%s", e.eventId(), before, r.value())
                    .isTrue();
            events.put(e.eventId(), e);
        }
        return events;
    }

    static Map<UUID, Notification> distinctNotifications(List<ConsumerRecord<String, String>> records) {
        Map<UUID, String> raw = new HashMap<>();
        Map<UUID, Notification> notifications = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            Notification n = Json.read(r.value(), Notification.class);
            String before = raw.putIfAbsent(n.eventId(), r.value());
            Assertions.assertThat(before == null || before.equals(r.value()))
                    .as("notification %s published twice with different content", n.eventId()).isTrue();
            notifications.put(n.eventId(), n);
        }
        return notifications;
    }
}
