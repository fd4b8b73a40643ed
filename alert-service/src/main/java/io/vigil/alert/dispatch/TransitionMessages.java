package io.vigil.alert.dispatch;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.OutboxRecord;
import io.vigil.events.AlertEvent;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a transition publishes: always an {@link AlertEvent} on {@code alerts}, and a
 * {@link Notification} on {@code notifications} when people must hear of it; both keyed by
 * fingerprint, with ids derived from (alert, sequence) so that publishing twice is harmless.
 */
public final class TransitionMessages {

    private final EventSource source;

    public TransitionMessages(EventSource source) {
        this.source = source;
    }

    public List<OutboxRecord> of(Transition t) {
        List<OutboxRecord> out = new ArrayList<>(2);
        out.add(new OutboxRecord(Topics.ALERTS, t.fingerprint(), Json.write(alertEvent(t))));
        notification(t).ifPresent(n -> out.add(new OutboxRecord(Topics.NOTIFICATIONS, t.fingerprint(), Json.write(n))));
        return out;
    }

    public AlertEvent alertEvent(Transition t) {
        return new AlertEvent(AlertStore.eventIdFor(t.alertId(), t.sequence()), t.at(), source,
                AlertEvent.SCHEMA_VERSION, t.alertId(), t.fingerprint(), t.sequence(), t.rule(), t.from(), t.to(),
                t.severity(), t.labels(), t.value(), t.summary(), t.since(), t.reason());
    }

    public Optional<Notification> notification(Transition t) {
        return t.notificationKind().map(kind -> new Notification(Notification.idFor(t.alertId(), t.sequence()),
                t.at(), source, Notification.SCHEMA_VERSION, kind, t.alertId(), t.fingerprint(), t.sequence(),
                t.rule(), t.severity(), kind == NotificationKind.SEVERITY_CHANGED ? t.previousSeverity() : null,
                t.reason() == null ? t.summary() : t.summary() + " (resolved: " + t.reason() + ")",
                t.labels(), t.value(), t.since()));
    }
}
