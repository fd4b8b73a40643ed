package io.vigil.support.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Puts JSON events on one topic under a key (one check's results, one domain's findings stay in
 * order on one partition). Never waits and never throws: the broker's answer only reaches the
 * {@code outcome} callback, so a broker outage cannot stall the services' schedulers.
 */
public final class KeyedPublisher {

    private static final Logger LOG = Logger.getLogger(KeyedPublisher.class);

    /** How a publish ended: {@code sent}, {@code failed} or {@code refused} (the emitter's buffer is full). */
    public enum Outcome {
        SENT, FAILED, REFUSED;

        /** The metric tag: {@code sent}, {@code failed}, {@code refused}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Emitter<String> emitter;
    private final String what;

    /** @param what names the events in log lines ({@code result}, {@code finding}) */
    public KeyedPublisher(Emitter<String> emitter, String what) {
        this.emitter = emitter;
        this.what = what;
    }

    /** Publishes and completes with how it ended, once the broker answered (or the emitter refused it). */
    public Uni<Outcome> publishAndWait(String key, String json, Object eventId) {
        return Uni.createFrom().emitter(em -> publish(key, json, eventId, em::complete));
    }

    public void publish(String key, String json, Object eventId, Consumer<Outcome> outcome) {
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        Message<String> message = Message.of(json, metadata,
                () -> {
                    outcome.accept(Outcome.SENT);
                    return CompletableFuture.completedFuture(null);
                },
                reason -> {
                    outcome.accept(Outcome.FAILED);
                    LOG.warnf("%s not published key=%s eventId=%s reason=%s", what, key, eventId, reason.toString());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            outcome.accept(Outcome.REFUSED);
            LOG.warnf("%s refused key=%s eventId=%s reason=%s", what, key, eventId, e.toString());
        }
    }
}
