package io.vigil.notifier.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.Topics;
import io.vigil.notifier.service.NotificationService;
import io.vigil.notifier.service.NotifierMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.Origin;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@link Topics#NOTIFICATIONS} and adapts it to {@link NotificationService}: parses a record,
 * submits it and returns once it is queued on its lane, so the next record is read while earlier
 * ones are still being delivered. A record is acknowledged only when its notification is finished
 * (delivered, dead-lettered, unrouted or a duplicate), and the throttled commit strategy commits a
 * partition's offset only past records that are all acknowledged: a crash re-reads every unfinished
 * one. A record that cannot be read is dead-lettered and acknowledged, so a poison record never
 * stalls the partition.
 */
@ApplicationScoped
public class NotificationConsumer {

    private final NotificationService service;
    private final DeadLetterWriter deadLetters;
    private final NotifierMetrics metrics;

    public NotificationConsumer(NotificationService service, DeadLetterWriter deadLetters, NotifierMetrics metrics) {
        this.service = service;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Topics.NOTIFICATIONS)
    public Uni<Void> consume(Message<String> message) {
        Origin origin = Origin.of(message);
        String value = message.getPayload();
        Notification notification;
        try {
            notification = Json.read(value, Notification.class);
        } catch (Json.EventFormatException e) {
            return unreadable(message, origin, e);
        }
        return service.submit(notification, (cause, reason) -> deadLetters.send(origin, value, reason, cause),
                (outcome, failure) -> {
                    if (failure != null) {
                        // Not the database (the delivery log retries until it answers): the dead-letter
                        // topic is unreachable. Nack, so the channel fails and a restart reads it again.
                        Log.errorf(failure, "notification processing failed id=%s topic=%s partition=%d offset=%d",
                                notification.eventId(), origin.topic(), origin.partition(), origin.offset());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private Uni<Void> unreadable(Message<String> message, Origin origin, Json.EventFormatException e) {
        String reason = DeadLetterWriter.reasonLine(e.getMessage());
        Log.warnf("notification unreadable topic=%s partition=%d offset=%d reason=%s",
                origin.topic(), origin.partition(), origin.offset(), reason);
        metrics.outcome(null, "unreadable");
        metrics.failed("unreadable");
        return deadLetters.send(origin, message.getPayload(), reason, e.getClass().getName())
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }
}
