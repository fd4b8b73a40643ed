package io.vigil.domain.messaging;

import io.smallrye.mutiny.Uni;
import io.vigil.events.DomainFinding;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.support.messaging.KeyedPublisher;
import io.vigil.support.messaging.KeyedPublisher.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Puts each {@link DomainFinding} on {@link Topics#DOMAIN_FINDINGS}, keyed by domain so one
 * domain's findings stay in order on one partition; never waits, never throws ({@link KeyedPublisher}).
 */
@ApplicationScoped
public class FindingPublisher {

    private final KeyedPublisher publisher;

    public FindingPublisher(@Channel(Topics.DOMAIN_FINDINGS) Emitter<String> emitter) {
        this.publisher = new KeyedPublisher(emitter, "finding");
    }

    /** Publishes and completes with how it ended, once the broker answered (or the emitter refused it). */
    public Uni<Outcome> publishAndWait(DomainFinding finding) {
        return publisher.publishAndWait(finding.domain(), Json.write(finding), finding.eventId());
    }

    public void publish(DomainFinding finding, Consumer<Outcome> outcome) {
        publisher.publish(finding.domain(), Json.write(finding), finding.eventId(), outcome);
    }
}
