package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.Json;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.SendResult;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.route.Routing;
import io.vigil.notifier.store.Claim;
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.template.PostRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notification path, assembled here and nowhere else:
 * <pre>
 *   route (the one the alert-service named, else first match) → lane (per route, per group or alert)
 *         → claim in the delivery log (wait out another holder's lease)
 *         → render (a group is one post) → deliver with retries (renewing the claim before each retry) → record the outcome
 *           (dead-lettering a failure first)
 * </pre>
 * Each stage is a small call below; the Kafka adapter only parses, {@link #submit submits} and acks.
 */
@ApplicationScoped
public class NotificationService {

    /** Added to a held claim's remaining lease before trying again, so the retry finds it ended. */
    static final Duration LEASE_MARGIN = Duration.ofMillis(50);
    /** Unknown route names warned about at most; a name could come from any sender, so the set is bounded. */
    static final int MAX_UNKNOWN_ROUTES_WARNED = 64;

    /** Hands an undeliverable notification to the dead-letter topic. */
    @FunctionalInterface
    public interface DeadLetter {
        /**
         * @param cause a bounded failure kind ({@code http_400}, {@code timeout})
         * @param reason one line for people; never the URL
         */
        Uni<Void> send(String cause, String reason);
    }

    /** Told once a submitted notification is finished: an outcome, or an unexpected failure. */
    @FunctionalInterface
    public interface Completion {
        /** Exactly one of the two is null. The lane moves on once the returned {@link Uni} completes. */
        Uni<Void> finished(Outcome outcome, Throwable failure);
    }

    private final Router router;
    private final DeliveryLog log;
    private final PostRenderer renderer;
    private final Deliverer deliverer;
    private final NotifierMetrics metrics;
    private final DeliveryLanes lanes;
    private final Set<String> unknownRoutesWarned = ConcurrentHashMap.newKeySet();

    public NotificationService(Router router, DeliveryLog log, PostRenderer renderer, Deliverer deliverer,
            NotifierMetrics metrics, DeliveryLanes lanes) {
        this.router = router;
        this.log = log;
        this.renderer = renderer;
        this.deliverer = deliverer;
        this.metrics = metrics;
        this.lanes = lanes;
    }

    /**
     * Routes a notification and queues the rest of its path on its lane. Completes once queued (which
     * waits while {@code notifier.max-in-flight} notifications are unfinished); {@code done} is told
     * the outcome later.
     */
    public Uni<Void> submit(Notification n, DeadLetter deadLetter, Completion done) {
        Optional<RouteConfig> route = route(n);
        String lane = route.map(RouteConfig::name).orElse(NotifierMetrics.NO_ROUTE);
        return lanes.submit(lane, orderKey(n), () -> process(n, route, deadLetter)
                .onItemOrFailure().transformToUni(done::finished));
    }

    /** The whole path for one notification, without a lane: route → claim → render → deliver → record. */
    public Uni<Outcome> process(Notification n, DeadLetter deadLetter) {
        return process(n, route(n), deadLetter);
    }

    /**
     * What keeps posts in order on a lane: a group's posts follow each other (its first alert, and so the
     * top-level fingerprint, may differ from one post to the next); an ungrouped alert's likewise.
     */
    static String orderKey(Notification n) {
        return n.group() != null && n.group().key() != null ? n.group().key() : n.fingerprint();
    }

    /** The route, noting a route name this notifier does not know (its config is out of sync). */
    private Optional<RouteConfig> route(Notification n) {
        Routing routing = router.route(n);
        if (routing.by() == Routing.By.FALLBACK) {
            metrics.routeFallback(routing.routeName());
            // Once per unknown name at WARN (the config needs fixing), then DEBUG: the metric counts them.
            if (unknownRoutesWarned.size() < MAX_UNKNOWN_ROUTES_WARNED && unknownRoutesWarned.add(routing.named())) {
                Log.warnf("notification names an unknown route id=%s route=%s fallback=%s (routes differ from the "
                        + "alert-service's; counted in vigil_notifications_route_fallback_total)", n.eventId(),
                        routing.named(), routing.route().map(RouteConfig::name).orElse(NotifierMetrics.NO_ROUTE));
            } else {
                Log.debugf("notification names an unknown route id=%s route=%s fallback=%s", n.eventId(),
                        routing.named(), routing.route().map(RouteConfig::name).orElse(NotifierMetrics.NO_ROUTE));
            }
        }
        return routing.route();
    }

    private Uni<Outcome> process(Notification n, Optional<RouteConfig> route, DeadLetter deadLetter) {
        String routeName = route.map(RouteConfig::name).orElse(null);
        return claim(n, routeName).chain(claim -> {
            if (claim.kind() == Claim.Kind.FINISHED) {
                // A redelivery or a re-sent notification: it was handled already, never post twice.
                Log.debugf("notification skipped id=%s status=%s", n.eventId(), claim.status().label());
                metrics.outcome(routeName, Outcome.Kind.DUPLICATE.label());
                return Uni.createFrom().item(new Outcome(Outcome.Kind.DUPLICATE, routeName, 0));
            }
            if (route.isEmpty()) {
                return unrouted(n);
            }
            return deliver(n, route.get(), deadLetter);
        });
    }

    /**
     * Takes the claim. While another process holds it (it may be posting right now), waits for its
     * lease to end and tries again: the holder either finishes it (we then skip it) or died (we take over).
     */
    private Uni<Claim> claim(Notification n, String routeName) {
        return log.claim(n, routeName).chain(claim -> {
            if (claim.kind() != Claim.Kind.HELD) {
                return Uni.createFrom().item(claim);
            }
            Duration wait = claim.leaseLeft().plus(LEASE_MARGIN);
            Log.infof("notification claim held id=%s by=another-process retry_in=%dms", n.eventId(), wait.toMillis());
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> claim(n, routeName));
        });
    }

    private Uni<Outcome> unrouted(Notification n) {
        // Without a configured webhook, the log is where notifications go: all of a group's alerts too.
        NotificationGroup group = n.group();
        if (group == null || group.alerts().isEmpty()) {
            Log.infof("notification unrouted id=%s kind=%s rule=%s severity=%s host=%s summary=%s",
                    n.eventId(), label(n.kind()), n.rule(), n.severity() == null ? null : n.severity().label(),
                    n.host(), n.summary());
        } else {
            Log.infof("notification unrouted id=%s group=%s reason=%s alerts=%d still_firing=%d", n.eventId(),
                    group.key(), n.reason(), group.alerts().size(), group.stillFiring());
            int i = 0;
            for (GroupedAlert a : group.alerts()) {
                i++;
                Log.infof("notification unrouted id=%s alert=%d/%d kind=%s rule=%s severity=%s host=%s actor=%s "
                        + "summary=%s", n.eventId(), i, group.alerts().size(), label(a.kind()), a.rule(),
                        a.severity() == null ? null : a.severity().label(), a.labels().get("host"), a.actor(),
                        a.summary());
            }
        }
        metrics.outcome(null, Outcome.Kind.UNROUTED.label());
        return log.unrouted(n.eventId()).replaceWith(new Outcome(Outcome.Kind.UNROUTED, null, 0));
    }

    private static String label(NotificationKind kind) {
        return kind == null ? null : kind.name().toLowerCase(Locale.ROOT);
    }

    private Uni<Outcome> deliver(Notification n, RouteConfig route, DeadLetter deadLetter) {
        MattermostTarget target = route.mattermost();
        String body = Json.write(renderer.render(n, target));
        long started = System.nanoTime();
        Deliverer.RetryListener onRetry = (attempt, failure, delay) -> {
            metrics.retry(route.name(), failure.cause());
            Log.infof("delivery retry id=%s route=%s target=%s attempt=%d cause=%s delay=%dms",
                    n.eventId(), route.name(), target.maskedUrl(), attempt, failure.cause(), delay.toMillis());
            return log.attemptFailed(n.eventId(), attempt, failure.detail());
        };
        // Renewing before each retry keeps a long retry budget inside our claim; a false answer means
        // another process took it over while we waited, and we must not post.
        Deliverer.AttemptGuard renew = attempt -> log.renew(n.eventId());
        return deliverer.deliver(target, body, onRetry, renew).chain(result -> {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (result.abandoned()) {
                Log.infof("notification taken over id=%s route=%s attempts=%d", n.eventId(), route.name(),
                        result.attempts());
                metrics.outcome(route.name(), Outcome.Kind.TAKEN_OVER.label());
                return Uni.createFrom().item(new Outcome(Outcome.Kind.TAKEN_OVER, route.name(), result.attempts()));
            }
            if (result.delivered()) {
                Log.debugf("notification delivered id=%s route=%s attempts=%d", n.eventId(), route.name(),
                        result.attempts());
                metrics.outcome(route.name(), Outcome.Kind.DELIVERED.label());
                metrics.delivery(route.name(), Outcome.Kind.DELIVERED.label(), took);
                return log.delivered(n.eventId(), route.name(), result.attempts())
                        .replaceWith(new Outcome(Outcome.Kind.DELIVERED, route.name(), result.attempts()));
            }
            return dead(n, route, result, took, deadLetter);
        });
    }

    private Uni<Outcome> dead(Notification n, RouteConfig route, Deliverer.Result result, Duration took,
            DeadLetter deadLetter) {
        SendResult last = result.last();
        String failureReason = result.exhausted() ? "exhausted" : "rejected";
        String reason = (result.exhausted() ? "gave up after " + result.attempts() + " attempts: " : "refused: ")
                + last.detail();
        Log.warnf("notification failed id=%s route=%s target=%s attempts=%d cause=%s reason=%s",
                n.eventId(), route.name(), route.mattermost().maskedUrl(), result.attempts(), last.cause(), reason);
        metrics.outcome(route.name(), Outcome.Kind.DEAD.label());
        metrics.failed(failureReason);
        metrics.delivery(route.name(), Outcome.Kind.DEAD.label(), took);
        // Dead-letter first, then record: if we crash in between, the redelivery tries again rather
        // than finding "dead" and losing the dead letter.
        return deadLetter.send(last.cause(), reason)
                .chain(() -> log.dead(n.eventId(), route.name(), result.attempts(), reason))
                .replaceWith(new Outcome(Outcome.Kind.DEAD, route.name(), result.attempts()));
    }
}
