package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.config.RouteTree;
import io.vigil.events.EventSource;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Watches for destinations that refuse posts for good (unknown channel or hook, bad or unauthorised
 * token) and tells people once, through the fallback route: a critical "notification channel failing"
 * alert naming the route and destination; and "resolved" once a post goes through again. The state is
 * in {@code notifier.failing_channels}, so a restart neither repeats nor forgets it; the alert's ids
 * are derived from the destination and the time it started failing, so the delivery log keeps it to
 * one post even when two processes see the failure.
 */
public final class ChannelWatch {

    /** The rule name the alert carries. */
    public static final String RULE = "notification-channel-failing";

    private final NotificationService service;
    private final IncidentStore incidents;
    private final Supplier<RouteTree> tree;
    private final String fallbackRoute;
    private final DeadLetterWriter deadLetters;
    private final NotifierMetrics metrics;
    private final EventSource source;
    /** Destinations known to fail: the common "it works" case costs no database call. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /**
     * @param fallbackRoute the {@code notifier.fallback-route}; null: the default route
     */
    public ChannelWatch(NotificationService service, IncidentStore incidents, Supplier<RouteTree> tree,
            String fallbackRoute, DeadLetterWriter deadLetters, NotifierMetrics metrics, EventSource source) {
        this.service = service;
        this.incidents = incidents;
        this.tree = tree;
        this.fallbackRoute = fallbackRoute;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.source = source;
        service.watchChannels(this);
    }

    /** Loads the destinations failing when the process stopped. */
    public Uni<Void> load() {
        return incidents.allFailing().invoke(all -> {
            all.forEach(f -> failing.add(f.destination()));
            metrics.failingChannels(failing::size);
        }).replaceWithVoid();
    }

    public Set<String> failingKeys() {
        return Set.copyOf(failing);
    }

    /** A post was refused for good by {@code target}: the first time, tell the fallback route. */
    Uni<Void> failed(MattermostTarget target, RouteConfig route, String detail) {
        return incidents.failing(target.key(), target.name(), route.name(), detail).chain(first -> {
            failing.add(target.key());
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            Log.errorf("notification channel failing route=%s destination=%s target=%s detail=%s", route.name(),
                    target.name(), target.maskedUrl(), detail);
            return incidents.failingSince(target.key()).chain(f -> f.isEmpty() ? Uni.createFrom().voidItem()
                    : tell(f.get(), NotificationKind.FIRING, target));
        });
    }

    /** A post went through: if {@code target} was failing, tell the fallback route it works again. */
    Uni<Void> worked(MattermostTarget target, RouteConfig route) {
        if (!failing.contains(target.key())) {
            return Uni.createFrom().voidItem();
        }
        return incidents.working(target.key()).chain(f -> {
            failing.remove(target.key());
            if (f.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Log.infof("notification channel works again route=%s destination=%s", route.name(), target.name());
            return tell(f.get(), NotificationKind.RESOLVED, target);
        });
    }

    /** Queues the alert on the fallback route's destinations (but the failing one: it cannot tell of itself). */
    private Uni<Void> tell(IncidentStore.Failing f, NotificationKind kind, MattermostTarget broken) {
        RouteTree routes = tree.get();
        Optional<RouteConfig> fallback = fallbackRoute != null ? routes.byName(fallbackRoute) : routes.defaultRoute();
        if (fallback.isEmpty()) {
            Log.errorf("notification channel %s route=%s destination=%s: no fallback route (notifier.fallback-route or a"
                    + " default route) to tell", kind == NotificationKind.FIRING ? "failing" : "recovered", f.route(),
                    f.destinationName());
            return Uni.createFrom().voidItem();
        }
        Notification n = alert(f, kind, fallback.get().name());
        List<NotificationService.Delivery> deliveries = NotificationService.deliveries(List.of(fallback.get()))
                .stream().filter(d -> !d.target().key().equals(broken.key())).toList();
        if (deliveries.isEmpty()) {
            Log.errorf("notification channel failing route=%s destination=%s: the fallback route posts only there",
                    f.route(), f.destinationName());
            return Uni.createFrom().voidItem();
        }
        Origin origin = new Origin("notifications", -1, -1, n.fingerprint());
        NotificationService.DeadLetter deadLetter = (cause, reason) -> deadLetters.send(origin,
                io.vigil.events.Json.write(n), reason, cause);
        // Not waited for: the caller is a delivery still holding its room in the lanes, and the fallback's
        // lanes may be full; the alert queues behind their own work.
        service.fanOut(n, deliveries, deadLetter, (outcome, failure) -> Uni.createFrom().voidItem(), false)
                .subscribe().with(queued -> { }, failure -> Log.errorf(failure, "channel alert not queued id=%s",
                        n.eventId()));
        return Uni.createFrom().voidItem();
    }

    /** The alert about a failing destination; its ids depend only on the destination and when it began failing. */
    Notification alert(IncidentStore.Failing f, NotificationKind kind, String route) {
        UUID alertId = UUID.nameUUIDFromBytes(("channel-failing/" + f.destination() + "/" + f.since().toEpochMilli())
                .getBytes(StandardCharsets.UTF_8));
        long sequence = kind == NotificationKind.FIRING ? 1 : 2;
        String summary = kind == NotificationKind.FIRING
                ? "Posts to destination " + f.destinationName() + " of route " + f.route()
                        + " are refused for good: " + f.detail() + ". Nothing reaches it until it is fixed."
                : "Destination " + f.destinationName() + " of route " + f.route() + " takes posts again.";
        return new Notification(Notification.idFor(alertId, sequence), Instant.now(), source,
                Notification.SCHEMA_VERSION, kind, alertId, "vigil-notifier/" + RULE + "/" + f.destination(), sequence,
                RULE, Severity.CRITICAL, null, summary,
                Map.of("route", f.route(), "destination", f.destinationName()), 0, f.since(), "channel_failing",
                route, null, null, null);
    }
}
