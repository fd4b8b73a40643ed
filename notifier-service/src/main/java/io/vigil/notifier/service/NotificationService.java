package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.SendResult;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.store.Claim;
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.template.PostRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The notification path, assembled here and nowhere else:
 * <pre>
 *   route → lane (per route, per alert) → claim in the delivery log (wait out another holder's lease)
 *         → render → deliver with retries (renewing the claim before each retry) → record the outcome
 *           (dead-lettering a failure first)
 * </pre>
 * Each stage is a small call below; the Kafka adapter only parses, {@link #submit submits} and acks.
 */
@ApplicationScoped
public class NotificationService {

    /** Added to a held claim's remaining lease before trying again, so the retry finds it ended. */
    static final Duration LEASE_MARGIN = Duration.ofMillis(50);

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
        Optional<RouteConfig> route = router.select(n);
        String lane = route.map(RouteConfig::name).orElse(NotifierMetrics.NO_ROUTE);
        return lanes.submit(lane, n.fingerprint(), () -> process(n, route, deadLetter)
                .onItemOrFailure().transformToUni(done::finished));
    }

    /** The whole path for one notification, without a lane: route → claim → render → deliver → record. */
    public Uni<Outcome> process(Notification n, DeadLetter deadLetter) {
        return process(n, router.select(n), deadLetter);
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
        // Without a configured webhook, the log is where notifications go.
        Log.infof("notification unrouted id=%s kind=%s rule=%s severity=%s host=%s summary=%s",
                n.eventId(), n.kind().name().toLowerCase(java.util.Locale.ROOT), n.rule(),
                n.severity() == null ? null : n.severity().label(), n.host(), n.summary());
        metrics.outcome(null, Outcome.Kind.UNROUTED.label());
        return log.unrouted(n.eventId()).replaceWith(new Outcome(Outcome.Kind.UNROUTED, null, 0));
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
