package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Releases posts held by mute windows once their route's windows have closed, oldest first, each on its
 * destination's lane (so they keep their order per incident). Called every second; two processes never
 * release the same post (a lease on the held row), and a crash mid-release lets the lease run out and
 * another round take it.
 */
public final class Holds {

    static final int BATCH = 200;

    private final NotificationService service;
    private final IncidentStore incidents;
    private final DeadLetterWriter deadLetters;
    private final NotifierMetrics metrics;

    public Holds(NotificationService service, IncidentStore incidents, DeadLetterWriter deadLetters,
            NotifierMetrics metrics) {
        this.service = service;
        this.incidents = incidents;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** One round: releases what may go now; completes once those are queued. */
    public Uni<Integer> releaseDue() {
        Instant now = service.clock().instant();
        return incidents.heldPosts(BATCH).chain(held -> {
            metrics.held(held.size());
            List<IncidentStore.Held> due = new ArrayList<>();
            for (IncidentStore.Held h : held) {
                Optional<RouteConfig> route = service.router().tree().byName(h.route());
                if (route.isEmpty() || !route.get().mutedAt(now)) {
                    due.add(h);
                }
            }
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return incidents.claimHeld(due.stream().map(IncidentStore.Held::id).toList()).chain(taken -> {
                Uni<Void> queued = Uni.createFrom().voidItem();
                for (IncidentStore.Held h : due) {
                    if (taken.contains(h.id())) {
                        queued = queued.chain(() -> release(h));
                    }
                }
                return queued.replaceWith(taken.size());
            });
        });
    }

    private Uni<Void> release(IncidentStore.Held h) {
        Notification n;
        try {
            n = Json.read(h.notification(), Notification.class);
        } catch (Json.EventFormatException e) {
            Log.errorf("held post unreadable id=%d notification=%s: dropped", h.id(), h.notificationId());
            return incidents.released(h.id());
        }
        Optional<RouteConfig> route = service.router().tree().byName(h.route());
        Optional<MattermostTarget> target = route.flatMap(r -> r.destinations().stream()
                .filter(t -> t.key().equals(h.destination())).findFirst());
        Origin origin = new Origin("notifications", -1, -1, n.fingerprint());
        NotificationService.DeadLetter deadLetter = (cause, reason) -> deadLetters.send(origin, h.notification(),
                reason, cause);
        if (target.isEmpty()) {
            // The route or destination left the file while the post waited: say so where posts that
            // cannot be delivered go, rather than posting somewhere it was not meant for.
            Log.warnf("held post's destination is gone id=%s route=%s destination=%s: dead-lettered", n.eventId(),
                    h.route(), h.destinationName());
            return deadLetter.send("destination_gone", "held by a mute window; route " + h.route()
                    + " or its destination " + h.destinationName() + " is no longer configured")
                    .chain(() -> incidents.released(h.id()));
        }
        Log.infof("held post released id=%s route=%s destination=%s", n.eventId(), h.route(), h.destinationName());
        NotificationService.Delivery d = new NotificationService.Delivery(route.get(), target.get());
        return service.fanOut(n, List.of(d), deadLetter, (outcome, failure) -> failure != null
                ? Uni.createFrom().voidItem() // the lease runs out and the next round tries again
                : incidents.released(h.id()), true);
    }
}
