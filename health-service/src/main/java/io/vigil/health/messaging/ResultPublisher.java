package io.vigil.health.messaging;

import io.smallrye.mutiny.Uni;
import io.vigil.events.HealthResult;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.support.messaging.KeyedPublisher;
import io.vigil.support.messaging.KeyedPublisher.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Puts each {@link HealthResult} on {@link Topics#HEALTH_RESULTS}, keyed by check id so one check's
 * results stay in order on one partition; never waits, never throws ({@link KeyedPublisher}).
 */
@ApplicationScoped
public class ResultPublisher {

    private final KeyedPublisher publisher;

    public ResultPublisher(@Channel(Topics.HEALTH_RESULTS) Emitter<String> emitter) {
        this.publisher = new KeyedPublisher(emitter, "result");
    }

    /** Publishes and completes with how it ended, once the broker answered (or the emitter refused it). */
    public Uni<Outcome> publishAndWait(HealthResult result) {
        return publisher.publishAndWait(result.checkId(), Json.write(result), result.eventId());
    }

    public void publish(HealthResult result, Consumer<Outcome> outcome) {
        publisher.publish(result.checkId(), Json.write(result), result.eventId(), outcome);
    }
}
