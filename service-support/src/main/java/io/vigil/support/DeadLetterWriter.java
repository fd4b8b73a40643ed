package io.vigil.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The one dead-letter writer of Vigil: the record's value and key as they were, the reason and the
 * origin in {@link DeadLetterHeaders} (DESIGN §7). Each service wraps its {@code <topic>-dlq}
 * emitter in one of these.
 */
public final class DeadLetterWriter {

    /** Reasons are one line and at most this long, so a header never carries a whole payload. */
    public static final int MAX_REASON = 500;

    private final MutinyEmitter<String> emitter;

    public DeadLetterWriter(MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /**
     * Completes once the broker has the dead letter (the emitter's channel uses acks=all), so the
     * origin may be acknowledged after it.
     *
     * @param reason for people: one line, never a secret
     * @param cause a bounded failure kind or exception class name
     */
    public Uni<Void> send(Origin origin, String value, String reason, String cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reasonLine(reason)));
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

    /** Whitespace folded to single spaces, cut at {@link #MAX_REASON} characters. */
    public static String reasonLine(String text) {
        String s = text == null ? "unreadable record" : text.replaceAll("\\s+", " ").trim();
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON - 1) + "…" : s;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
