package io.vigil.alert.store;

/** A Kafka record to publish, kept in {@code alert.outbox} until the broker acknowledged it. */
public record OutboxRecord(String topic, String key, String payload) {
}
