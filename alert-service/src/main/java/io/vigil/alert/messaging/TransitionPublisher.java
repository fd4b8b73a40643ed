package io.vigil.alert.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.store.AlertStore;
import io.vigil.events.AlertEvent;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes stored transitions: every one to {@code alerts}, and those people must hear of to
 * {@code notifications}, both keyed by fingerprint. Ids are derived from (alert, sequence), so a
 * transition published twice is recognisably the same event downstream.
 */
@ApplicationScoped
public class TransitionPublisher {

    private final MutinyEmitter<String> alerts;
    private final MutinyEmitter<String> notifications;
    private final EventSource source = new EventSource("alert-service", localHost());

    public TransitionPublisher(@Channel(Topics.ALERTS) MutinyEmitter<String> alerts,
            @Channel(Topics.NOTIFICATIONS) MutinyEmitter<String> notifications) {
        this.alerts = alerts;
        this.notifications = notifications;
    }

    /** Sends all, in order per alert, and completes when Kafka acknowledged every record. */
    public Uni<Void> publish(List<Transition> transitions) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (Transition t : transitions) {
            sends.add(send(alerts, t.fingerprint(), Json.write(alertEvent(t))));
            notification(t).ifPresent(n -> sends.add(send(notifications, t.fingerprint(), Json.write(n))));
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    AlertEvent alertEvent(Transition t) {
        return new AlertEvent(AlertStore.eventIdFor(t.alertId(), t.sequence()), t.at(), source,
                AlertEvent.SCHEMA_VERSION, t.alertId(), t.fingerprint(), t.sequence(), t.rule(), t.from(), t.to(),
                t.severity(), t.labels(), t.value(), t.summary(), t.since());
    }

    Optional<Notification> notification(Transition t) {
        return t.notificationKind().map(kind -> new Notification(Notification.idFor(t.alertId(), t.sequence()),
                t.at(), source, Notification.SCHEMA_VERSION, kind, t.alertId(), t.fingerprint(), t.sequence(),
                t.rule(), t.severity(), kind == NotificationKind.SEVERITY_CHANGED ? t.previousSeverity() : null,
                t.summary(), t.labels(), t.value(), t.since()));
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, String json) {
        return emitter.sendMessage(Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
