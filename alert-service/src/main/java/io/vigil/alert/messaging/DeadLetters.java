package io.vigil.alert.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends unreadable {@code metrics} records to {@code metrics-dlq}, as they were, with reason and origin headers. */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel(Topics.METRICS_DLQ) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(KafkaRecord<String, String> record, Exception reason) {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(oneLine(reason.getMessage())));
        headers.add(DeadLetterHeaders.CAUSE, bytes(reason.getClass().getName()));
        headers.add(DeadLetterHeaders.TOPIC, bytes(record.getTopic()));
        headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(record.getPartition())));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        Log.warnf("metrics record dead-lettered topic=%s partition=%d offset=%d reason=%s",
                record.getTopic(), record.getPartition(), offset, oneLine(reason.getMessage()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(record.getPayload() == null ? "" : record.getPayload()).addMetadata(metadata));
    }

    private static String oneLine(String text) {
        String s = text == null ? "unreadable record" : text.replaceAll("\\s+", " ").trim();
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
