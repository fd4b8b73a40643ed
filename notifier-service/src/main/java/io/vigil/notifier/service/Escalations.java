package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.EscalationStep;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.notifier.store.Claim;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends escalation steps whose time has come: the incident is still firing and unacknowledged (an
 * acknowledgement or the resolution deleted its steps). A step goes to its own destination, or to the
 * route's destinations with its mention; in bot mode to the incident's thread when there is one. A
 * step of a route in a mute window waits for the window to close. Each post has its own notification
 * id (derived from the incident's and the step), so the delivery log keeps it to one post.
 */
public final class Escalations {

    static final int BATCH = 50;

    private final NotificationService service;
    private final IncidentStore incidents;
    private final DeadLetterWriter deadLetters;
    private final NotifierMetrics metrics;

    public Escalations(NotificationService service, IncidentStore incidents, DeadLetterWriter deadLetters,
            NotifierMetrics metrics) {
        this.service = service;
        this.incidents = incidents;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** One round: queues the due steps and returns how many. */
    public Uni<Integer> sendDue() {
        Instant now = service.clock().instant();
        return incidents.takeDueSteps(now, BATCH).chain(due -> {
            Uni<Void> queued = Uni.createFrom().voidItem();
            for (IncidentStore.DueStep step : due) {
                queued = queued.chain(() -> send(step, now));
            }
            return queued.replaceWith(due.size());
        });
    }

    private Uni<Void> send(IncidentStore.DueStep due, Instant now) {
        Optional<RouteConfig> route = service.router().tree().byName(due.route());
        if (route.isEmpty() || due.step() >= route.get().escalate().size()) {
            Log.infof("escalation step dropped route=%s incident=%s step=%d: no longer configured", due.route(),
                    due.incident(), due.step() + 1);
            return incidents.stepDone(due.route(), due.incident(), due.step());
        }
        if (route.get().mutedAt(now)) {
            // Its lease runs out and a later round finds it due again, after the window.
            return Uni.createFrom().voidItem();
        }
        Notification n;
        try {
            n = Json.read(due.notification(), Notification.class);
        } catch (Json.EventFormatException e) {
            return incidents.stepDone(due.route(), due.incident(), due.step());
        }
        EscalationStep step = route.get().escalate().get(due.step());
        List<MattermostTarget> targets = step.target() != null ? List.of(step.target()) : route.get().destinations();
        UUID id = UUID.nameUUIDFromBytes((n.eventId() + "/escalation/" + due.step())
                .getBytes(StandardCharsets.UTF_8));
        Notification escalation = withId(n, id);
        Origin origin = new Origin("notifications", -1, -1, n.fingerprint());
        NotificationService.DeadLetter deadLetter = (cause, reason) -> deadLetters.send(origin, due.notification(),
                "escalation step " + (due.step() + 1) + ": " + reason, cause);
        AtomicInteger left = new AtomicInteger(targets.size());
        Log.infof("escalation due route=%s incident=%s step=%d after=%s destinations=%d", due.route(), due.incident(),
                due.step() + 1, step.after(), targets.size());
        metrics.escalation(due.route());
        Uni<Void> queued = Uni.createFrom().voidItem();
        for (MattermostTarget target : targets) {
            NotificationService.Delivery d = new NotificationService.Delivery(route.get(), target);
            queued = queued.chain(() -> service.lanes().submit(target.key(), due.incident(),
                    () -> post(escalation, d, step, due.step() + 1, deadLetter).onItemOrFailure()
                            .transformToUni((outcome, failure) -> left.decrementAndGet() == 0 && failure == null
                                    ? incidents.stepDone(due.route(), due.incident(), due.step())
                                    : Uni.createFrom().voidItem())));
        }
        return queued;
    }

    private Uni<Outcome> post(Notification n, NotificationService.Delivery d, EscalationStep step, int number,
            NotificationService.DeadLetter deadLetter) {
        return service.log().claim(n, d.route().name(), d.target().key(), d.target().name()).chain(claim -> {
            if (claim.kind() != Claim.Kind.TAKEN) {
                return Uni.createFrom().item(new Outcome(Outcome.Kind.DUPLICATE, d.route().name(), 0));
            }
            return service.post(n, d, service.renderer().renderEscalation(n, step.mention(), step.after(), number,
                    d.target()), deadLetter);
        });
    }

    private static Notification withId(Notification n, UUID id) {
        return new Notification(id, n.occurredAt(), n.source(), n.schemaVersion(), n.kind(), n.alertId(),
                n.fingerprint(), n.sequence(), n.rule(), n.severity(), n.previousSeverity(), n.summary(), n.labels(),
                n.value(), n.since(), "escalation", n.route(), n.group(), n.actor(), n.comment());
    }
}
