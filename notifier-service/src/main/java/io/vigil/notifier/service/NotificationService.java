package io.vigil.notifier.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.SendResult;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.route.Routing;
import io.vigil.notifier.store.Claim;
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.notifier.template.PostRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The notification path, assembled here and nowhere else:
 * <pre>
 *   routes (the one the alert-service named and where its continue leads, else the tree's walk)
 *         → escalation bookkeeping (plan the steps of a new incident, cancel them on ack or resolution)
 *         → one delivery per destination, each on the destination's lane (sub-lane by incident)
 *         → claim (notification, destination) in the delivery log (wait out another holder's lease)
 *         → held while a mute window of the route is open ({@link Holds} releases it later)
 *         → render → post (webhook, or bot thread) at the destination's rate, with retries → record the
 *           outcome (dead-lettering a failure first; a destination refusing for good is told on the
 *           fallback route, once, by {@link ChannelWatch})
 * </pre>
 * The Kafka record is acknowledged once every destination has finished.
 */
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

    /** One post to make: a notification, on a route, to one of its destinations. */
    record Delivery(RouteConfig route, MattermostTarget target) {
    }

    private final Router router;
    private final DeliveryLog log;
    private final IncidentStore incidents;
    private final PostRenderer renderer;
    private final Posting posting;
    private final NotifierMetrics metrics;
    private final DeliveryLanes lanes;
    private final Clock clock;
    private final Set<String> unknownRoutesWarned = ConcurrentHashMap.newKeySet();
    private volatile ChannelWatch channels;

    public NotificationService(Router router, DeliveryLog log, IncidentStore incidents, PostRenderer renderer,
            Posting posting, NotifierMetrics metrics, DeliveryLanes lanes, Clock clock) {
        this.router = router;
        this.log = log;
        this.incidents = incidents;
        this.renderer = renderer;
        this.posting = posting;
        this.metrics = metrics;
        this.lanes = lanes;
        this.clock = clock;
    }

    /** Set once at start (the watch submits its own notifications through this service). */
    void watchChannels(ChannelWatch watch) {
        this.channels = watch;
    }

    /**
     * Routes a notification and queues one delivery per destination on their lanes. Completes once
     * queued (which waits while {@code notifier.max-in-flight} deliveries are unfinished); {@code done}
     * is told once every destination has finished.
     */
    public Uni<Void> submit(Notification n, DeadLetter deadLetter, Completion done) {
        Routing routing = route(n);
        List<Delivery> deliveries = deliveries(routing.routes());
        if (deliveries.isEmpty()) {
            return lanes.submit(NotifierMetrics.NO_ROUTE, orderKey(n), () -> unrouted(n)
                    .onItemOrFailure().transformToUni(done::finished));
        }
        return escalation(n, routing.routes()).chain(() -> fanOut(n, deliveries, deadLetter, done, false));
    }

    /** Queues deliveries of {@code n} and tells {@code done} when all have finished. */
    Uni<Void> fanOut(Notification n, List<Delivery> deliveries, DeadLetter deadLetter, Completion done,
            boolean released) {
        AtomicInteger left = new AtomicInteger(deliveries.size());
        AtomicReference<Outcome> last = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Uni<Void> queued = Uni.createFrom().voidItem();
        for (Delivery d : deliveries) {
            Supplier<Uni<?>> work = () -> deliver(n, d, deadLetter, released).onItemOrFailure()
                    .transformToUni((outcome, failure) -> {
                        if (failure != null) {
                            failed.compareAndSet(null, failure);
                        } else {
                            last.set(outcome);
                        }
                        if (left.decrementAndGet() > 0) {
                            return Uni.createFrom().voidItem();
                        }
                        return done.finished(failed.get() == null ? last.get() : null, failed.get());
                    });
            queued = queued.chain(() -> lanes.submit(d.target().key(), orderKey(n), work));
        }
        return queued;
    }

    /** One post per destination: a destination reached by two routes gets the first route's post only. */
    static List<Delivery> deliveries(List<RouteConfig> routes) {
        Map<String, Delivery> byKey = new LinkedHashMap<>();
        for (RouteConfig route : routes) {
            for (MattermostTarget target : route.destinations()) {
                byKey.putIfAbsent(target.key(), new Delivery(route, target));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * What keeps posts in order and names an incident: a group's posts follow each other (its first
     * alert, and so the top-level fingerprint, may differ from one post to the next); an ungrouped
     * alert's likewise. Bot threads and escalations are per incident.
     */
    public static String orderKey(Notification n) {
        return n.group() != null && n.group().key() != null ? n.group().key() : n.fingerprint();
    }

    /** The routes, noting a route name this notifier does not know (its config is out of sync). */
    Routing route(Notification n) {
        Routing routing = router.route(n, clock.instant());
        if (routing.by() == Routing.By.FALLBACK) {
            metrics.routeFallback(routing.routeName());
            // Once per unknown name at WARN (the config needs fixing), then DEBUG: the metric counts them.
            if (unknownRoutesWarned.size() < MAX_UNKNOWN_ROUTES_WARNED && unknownRoutesWarned.add(routing.named())) {
                Log.warnf("notification names an unknown route id=%s route=%s fallback=%s (routes differ from the "
                        + "alert-service's; counted in vigil_notifications_route_fallback_total)", n.eventId(),
                        routing.named(), routing.routeName() == null ? NotifierMetrics.NO_ROUTE : routing.routeName());
            } else {
                Log.debugf("notification names an unknown route id=%s route=%s", n.eventId(), routing.named());
            }
        }
        return routing;
    }

    // --- escalation bookkeeping ------------------------------------------------------------------

    /** Plans the escalation steps of an incident that starts firing; cancels them when it is acknowledged or over. */
    private Uni<Void> escalation(Notification n, List<RouteConfig> routes) {
        Set<NotificationKind> kinds = Posting.kinds(n);
        String incident = orderKey(n);
        if (kinds.contains(NotificationKind.ACKNOWLEDGED) || Posting.closes(n)) {
            return incidents.cancelEscalation(incident).invoke(cancelled -> {
                if (cancelled > 0) {
                    Log.infof("escalation cancelled incident=%s steps=%d reason=%s", incident, cancelled,
                            kinds.contains(NotificationKind.ACKNOWLEDGED) ? "acknowledged" : "resolved");
                }
            }).replaceWithVoid();
        }
        if (!kinds.contains(NotificationKind.FIRING) && !kinds.contains(NotificationKind.SEVERITY_CHANGED)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> planned = Uni.createFrom().voidItem();
        for (RouteConfig route : routes) {
            if (route.escalate().isEmpty()) {
                continue;
            }
            List<Duration> afters = route.escalate().stream().map(s -> s.after()).toList();
            String json = Json.write(n);
            planned = planned.chain(() -> incidents.planEscalation(route.name(), incident, afters, clock.instant(),
                    json));
        }
        return planned;
    }

    // --- one destination -------------------------------------------------------------------------

    /**
     * Delivers {@code n} to one destination. {@code released}: it comes from a mute window that closed
     * (its claim is taken back from the hold rather than new).
     */
    Uni<Outcome> deliver(Notification n, Delivery d, DeadLetter deadLetter, boolean released) {
        String routeName = d.route().name();
        Uni<Claim> claim = released
                ? log.claimHeld(n.eventId(), d.target().key()).map(ok -> ok ? Claim.taken() : Claim.done())
                : claim(n, d);
        return claim.chain(c -> {
            if (c.kind() == Claim.Kind.FINISHED) {
                // A redelivery or a re-sent notification: it was handled already, never post twice.
                Log.debugf("notification skipped id=%s destination=%s status=%s", n.eventId(), d.target().name(),
                        c.status().label());
                metrics.outcome(routeName, Outcome.Kind.DUPLICATE.label());
                return Uni.createFrom().item(new Outcome(Outcome.Kind.DUPLICATE, routeName, 0));
            }
            if (!released && d.route().mutedAt(clock.instant())) {
                return hold(n, d);
            }
            return post(n, d, renderer.render(n, d.target()), deadLetter);
        });
    }

    /**
     * Takes the claim. While another process holds it (it may be posting right now), waits for its
     * lease to end and tries again: the holder either finishes it (we then skip it) or died (we take over).
     */
    private Uni<Claim> claim(Notification n, Delivery d) {
        return log.claim(n, d.route().name(), d.target().key(), d.target().name()).chain(claim -> {
            if (claim.kind() != Claim.Kind.HELD) {
                return Uni.createFrom().item(claim);
            }
            Duration wait = claim.leaseLeft().plus(LEASE_MARGIN);
            Log.infof("notification claim held id=%s by=another-process retry_in=%dms", n.eventId(), wait.toMillis());
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> claim(n, d));
        });
    }

    private Uni<Outcome> hold(Notification n, Delivery d) {
        Log.infof("notification held id=%s route=%s destination=%s (mute window open)", n.eventId(),
                d.route().name(), d.target().name());
        metrics.outcome(d.route().name(), Outcome.Kind.HELD.label());
        return incidents.hold(n.eventId(), d.target().key(), d.target().name(), d.route().name(), Json.write(n))
                .chain(() -> log.held(n.eventId(), d.target().key(), d.route().name()))
                .replaceWith(new Outcome(Outcome.Kind.HELD, d.route().name(), 0));
    }

    /** Posts a rendered body (claim taken) and records the outcome. */
    Uni<Outcome> post(Notification n, Delivery d, ObjectNode body, DeadLetter deadLetter) {
        RouteConfig route = d.route();
        MattermostTarget target = d.target();
        long started = System.nanoTime();
        Deliverer.RetryListener onRetry = (attempt, failure, delay) -> {
            metrics.retry(route.name(), failure.cause());
            Log.infof("delivery retry id=%s route=%s destination=%s target=%s attempt=%d cause=%s delay=%dms",
                    n.eventId(), route.name(), target.name(), target.maskedUrl(), attempt, failure.cause(),
                    delay.toMillis());
            return log.attemptFailed(n.eventId(), target.key(), attempt, failure.detail());
        };
        // Renewing before each retry keeps a long retry budget inside our claim; a false answer means
        // another process took it over while we waited, and we must not post.
        Deliverer.AttemptGuard renew = attempt -> log.renew(n.eventId(), target.key());
        return posting.post(n, orderKey(n), target, body, onRetry, renew).chain(result -> {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (result.abandoned()) {
                Log.infof("notification taken over id=%s route=%s attempts=%d", n.eventId(), route.name(),
                        result.attempts());
                metrics.outcome(route.name(), Outcome.Kind.TAKEN_OVER.label());
                return Uni.createFrom().item(new Outcome(Outcome.Kind.TAKEN_OVER, route.name(), result.attempts()));
            }
            if (result.delivered()) {
                Log.debugf("notification delivered id=%s route=%s destination=%s attempts=%d", n.eventId(),
                        route.name(), target.name(), result.attempts());
                metrics.outcome(route.name(), Outcome.Kind.DELIVERED.label());
                metrics.delivery(route.name(), Outcome.Kind.DELIVERED.label(), took);
                ChannelWatch watch = channels;
                return log.delivered(n.eventId(), target.key(), route.name(), result.attempts(), took)
                        .chain(() -> watch == null ? Uni.createFrom().voidItem() : watch.worked(target, route))
                        .replaceWith(new Outcome(Outcome.Kind.DELIVERED, route.name(), result.attempts()));
            }
            return dead(n, d, result, took, deadLetter);
        });
    }

    private Uni<Outcome> dead(Notification n, Delivery d, Deliverer.Result result, Duration took,
            DeadLetter deadLetter) {
        RouteConfig route = d.route();
        SendResult last = result.last();
        String failureReason = result.exhausted() ? "exhausted" : "rejected";
        String reason = "destination " + d.target().name() + ": "
                + (result.exhausted() ? "gave up after " + result.attempts() + " attempts: " : "refused: ")
                + last.detail();
        Log.warnf("notification failed id=%s route=%s destination=%s target=%s attempts=%d cause=%s reason=%s",
                n.eventId(), route.name(), d.target().name(), d.target().maskedUrl(), result.attempts(), last.cause(),
                reason);
        metrics.outcome(route.name(), Outcome.Kind.DEAD.label());
        metrics.failed(failureReason);
        metrics.delivery(route.name(), Outcome.Kind.DEAD.label(), took);
        ChannelWatch watch = channels;
        // Dead-letter first, then record: if we crash in between, the redelivery tries again rather
        // than finding "dead" and losing the dead letter.
        return deadLetter.send(last.cause(), reason)
                .chain(() -> log.dead(n.eventId(), d.target().key(), route.name(), result.attempts(), reason, took))
                .chain(() -> watch != null && last.channelBroken() ? watch.failed(d.target(), route, last.detail())
                        : Uni.createFrom().voidItem())
                .replaceWith(new Outcome(Outcome.Kind.DEAD, route.name(), result.attempts()));
    }

    private Uni<Outcome> unrouted(Notification n) {
        // Without a route, the log is where notifications go: all of a group's alerts too.
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
        return log.unrouted(n).replaceWith(new Outcome(Outcome.Kind.UNROUTED, null, 0));
    }

    private static String label(NotificationKind kind) {
        return kind == null ? null : kind.name().toLowerCase(Locale.ROOT);
    }

    /** What a test post to one destination came to. */
    public record TestResult(String destination, String target, boolean delivered, int attempts, String cause,
            String detail) {
    }

    /**
     * Sends a test post to every destination of {@code route}, now (not through Kafka nor the lanes,
     * but within each destination's rate limit), and records each in the delivery log.
     */
    public Uni<List<TestResult>> testPost(RouteConfig route, String actor, EventSource source) {
        UUID alertId = UUID.randomUUID();
        Notification n = new Notification(Notification.idFor(alertId, 1), clock.instant(), source,
                Notification.SCHEMA_VERSION, NotificationKind.FIRING, alertId, "vigil-notifier/test/" + alertId, 1,
                "vigil-test-post", Severity.WARNING, null, "Test post for route " + route.name() + ", sent by " + actor
                        + ". If you read this, the route reaches you.", Map.of("route", route.name()), 0,
                clock.instant(), "test", route.name(), null, null, null);
        List<TestResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (MattermostTarget target : route.destinations()) {
            sent = sent.chain(() -> log.claim(n, route.name(), target.key(), target.name()).chain(claim -> {
                long started = System.nanoTime();
                return posting.single(target, renderer.render(n, target)).chain(result -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    SendResult last = result.last();
                    results.add(new TestResult(target.name(), target.maskedUrl(), result.delivered(), result.attempts(),
                            last.cause(), last.detail()));
                    metrics.outcome(route.name(), result.delivered() ? "test_delivered" : "test_failed");
                    return result.delivered()
                            ? log.delivered(n.eventId(), target.key(), route.name(), result.attempts(), took)
                            : log.dead(n.eventId(), target.key(), route.name(), result.attempts(),
                                    "test post: " + last.detail(), took);
                });
            }));
        }
        return sent.replaceWith(() -> List.copyOf(results));
    }

    Router router() {
        return router;
    }

    Clock clock() {
        return clock;
    }

    DeliveryLanes lanes() {
        return lanes;
    }

    PostRenderer renderer() {
        return renderer;
    }

    DeliveryLog log() {
        return log;
    }
}
