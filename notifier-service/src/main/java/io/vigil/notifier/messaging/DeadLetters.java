package io.vigil.notifier.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes records to {@link Topics#NOTIFICATIONS_DLQ}: the original value and key, with the reason
 * and origin in {@link DeadLetterHeaders}.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel(Topics.NOTIFICATIONS_DLQ) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has the dead letter (acks=all), so the origin may be committed after. */
    public Uni<Void> send(String value, Origin origin, String reason, String cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        headers.add(DeadLetterHeaders.CAUSE, bytes(cause == null ? "unknown" : cause));
        if (origin.topic() != null) {
            headers.add(DeadLetterHeaders.TOPIC, bytes(origin.topic()));
            headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(origin.partition())));
            headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(origin.offset())));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(origin.key())
                .withHeaders(headers)
                .build();
        // A tombstone has no value; the dead letter still needs one to carry the headers.
        return emitter.sendMessage(Message.of(value == null ? "" : value).addMetadata(metadata));
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
