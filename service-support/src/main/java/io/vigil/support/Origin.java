package io.vigil.support;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Where a record came from, for dead-letter headers and logs.
 *
 * @param topic null when the message did not come from Kafka (in-memory tests)
 */
public record Origin(String topic, int partition, long offset, String key) {

    public static Origin of(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new Origin(m.getTopic(), m.getPartition(), m.getOffset(),
                        m.getKey() == null ? null : m.getKey().toString()))
                .orElse(new Origin(null, -1, -1, null));
    }
}
