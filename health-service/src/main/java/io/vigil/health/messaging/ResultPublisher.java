package io.vigil.health.messaging;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.HealthResult;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Puts each {@link HealthResult} on {@link Topics#HEALTH_RESULTS}, keyed by check id so one check's
 * results stay in order on one partition. Never waits and never throws: the broker's answer only
 * reaches {@code outcome}, so a broker outage cannot stall the checks.
 */
@ApplicationScoped
public class ResultPublisher {

    /** How a publish ended: {@code sent}, {@code failed} or {@code refused} (the emitter's buffer is full). */
    public enum Outcome {
        SENT, FAILED, REFUSED
    }

    private final Emitter<String> emitter;

    public ResultPublisher(@Channel(Topics.HEALTH_RESULTS) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Publishes and completes with how it ended, once the broker answered (or the emitter refused it). */
    public io.smallrye.mutiny.Uni<Outcome> publishAndWait(HealthResult result) {
        return io.smallrye.mutiny.Uni.createFrom().emitter(em -> publish(result, em::complete));
    }

    public void publish(HealthResult result, Consumer<Outcome> outcome) {
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.checkId()).build());
        Message<String> message = Message.of(Json.write(result), metadata,
                () -> {
                    outcome.accept(Outcome.SENT);
                    return CompletableFuture.completedFuture(null);
                },
                reason -> {
                    outcome.accept(Outcome.FAILED);
                    Log.warnf("result not published check=%s eventId=%s reason=%s", result.checkId(), result.eventId(),
                            reason.toString());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            outcome.accept(Outcome.REFUSED);
            Log.warnf("result refused check=%s eventId=%s reason=%s", result.checkId(), result.eventId(), e.toString());
        }
    }
}
