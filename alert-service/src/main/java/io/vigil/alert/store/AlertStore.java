package io.vigil.alert.store;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps the alert lifecycle in PostgreSQL: one transaction per consumed batch writes every
 * transition of that batch (current alert rows plus one event row each). Only transitions are
 * written, never samples.
 */
@ApplicationScoped
public class AlertStore {

    private final AlertRepository alerts;
    private final AlertEventRepository events;

    public AlertStore(AlertRepository alerts, AlertEventRepository events) {
        this.alerts = alerts;
        this.events = events;
    }

    /** The id of the stored event for transition {@code sequence} of an alert; the same on every replay. */
    public static UUID eventIdFor(UUID alertId, long sequence) {
        return UUID.nameUUIDFromBytes(("alert-event/" + alertId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    @WithSession
    public Uni<List<OpenAlert>> openAlerts() {
        return alerts.open().map(list -> list.stream()
                .map(a -> new OpenAlert(a.id, a.fingerprint, a.rule, a.labels, a.state, a.severity, a.sequence,
                        a.startsAt, a.updatedAt))
                .toList());
    }

    /** Stores the transitions in order, in one transaction. */
    @WithTransaction
    public Uni<Void> record(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<UUID> existing = transitions.stream().filter(t -> t.from() != null).map(Transition::alertId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return alerts.byIds(existing).chain(found -> {
            Map<UUID, AlertEntity> byId = new HashMap<>();
            found.forEach(a -> byId.put(a.id, a));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Transition t : transitions) {
                chain = chain.chain(() -> apply(t, byId));
            }
            return chain;
        });
    }

    private Uni<Void> apply(Transition t, Map<UUID, AlertEntity> byId) {
        AlertEntity alert = byId.get(t.alertId());
        boolean isNew = alert == null;
        if (isNew) {
            alert = new AlertEntity();
            alert.id = t.alertId();
            alert.fingerprint = t.fingerprint();
            alert.rule = t.rule();
            alert.labels = t.labels();
            alert.startsAt = t.since();
            byId.put(alert.id, alert);
        }
        alert.state = t.to();
        alert.severity = t.severity();
        alert.value = t.value();
        alert.summary = t.summary();
        alert.sequence = t.sequence();
        alert.updatedAt = t.at();
        if (t.to() == AlertState.FIRING && alert.firedAt == null) {
            alert.firedAt = t.at();
        }
        if (t.to() == AlertState.RESOLVED) {
            alert.resolvedAt = t.at();
        }
        AlertEventEntity event = new AlertEventEntity();
        event.id = eventIdFor(t.alertId(), t.sequence());
        event.alertId = t.alertId();
        event.sequence = t.sequence();
        event.fromState = t.from();
        event.toState = t.to();
        event.severity = t.severity();
        event.value = t.value();
        event.occurredAt = t.at();
        Uni<?> write = isNew ? alerts.persist(alert) : Uni.createFrom().item(alert);
        // Flush the alert before its event: the event row references it.
        return write.chain(() -> alerts.flush()).chain(() -> events.persist(event)).replaceWithVoid();
    }

    /** Alerts for the API. */
    @WithSession
    public Uni<List<AlertEntity>> search(Set<AlertState> states, Severity severity, int limit) {
        return alerts.search(states, severity, limit);
    }
}
