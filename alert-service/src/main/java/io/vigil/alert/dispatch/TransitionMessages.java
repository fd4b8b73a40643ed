package io.vigil.alert.dispatch;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.OutboxRecord;
import io.vigil.alert.store.TransitionRecords;
import io.vigil.events.AlertEvent;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import java.util.List;
import java.util.Optional;

/**
 * What a stored transition publishes: always an {@link AlertEvent} on {@code alerts} (keyed by
 * fingerprint, id derived from alert and sequence so publishing twice is harmless), and, when
 * people may need to hear of it, an item for the dispatcher, which decides whether, when and with
 * what else they are told.
 */
public final class TransitionMessages implements TransitionRecords {

    private final EventSource source;

    public TransitionMessages(EventSource source) {
        this.source = source;
    }

    public EventSource source() {
        return source;
    }

    @Override
    public List<OutboxRecord> outbox(Transition t) {
        return List.of(new OutboxRecord(Topics.ALERTS, t.fingerprint(), Json.write(alertEvent(t))));
    }

    @Override
    public Optional<QueueItem> queueItem(Transition t) {
        return t.notificationKind().map(kind -> new QueueItem(kind.name(), Json.write(new GroupedAlert(t.alertId(),
                t.fingerprint(), t.sequence(), kind, t.rule(), t.severity(),
                t.reason() == null || t.notice() == Transition.Notice.STABLE ? t.summary()
                        : t.summary() + " (resolved: " + t.reason() + ")",
                t.labels(), t.value(), t.since(), t.at(), null, null)),
                t.notice() == Transition.Notice.STABLE ? DispatchReason.STABLE.label() : null));
    }

    public AlertEvent alertEvent(Transition t) {
        return new AlertEvent(AlertStore.eventIdFor(t.alertId(), t.sequence()), t.at(), source,
                AlertEvent.SCHEMA_VERSION, t.alertId(), t.fingerprint(), t.sequence(), t.rule(), t.from(), t.to(),
                t.severity(), t.labels(), t.value(), t.summary(), t.since(), t.reason());
    }
}
