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
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.template.PostRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The notification path, one stage after another: route → claim in the delivery log → render →
 * deliver with retries → record the outcome (and dead-letter a failure).
 */
@ApplicationScoped
public class NotificationService {

    /** Hands an undeliverable notification to the dead-letter topic. */
    @FunctionalInterface
    public interface DeadLetter {
        /**
         * @param cause a bounded failure kind ({@code http_400}, {@code timeout})
         * @param reason one line for people; never the URL
         */
        Uni<Void> send(String cause, String reason);
    }

    private final Router router;
    private final DeliveryLog log;
    private final PostRenderer renderer;
    private final Deliverer deliverer;
    private final NotifierMetrics metrics;

    public NotificationService(Router router, DeliveryLog log, PostRenderer renderer, Deliverer deliverer,
            NotifierMetrics metrics) {
        this.router = router;
        this.log = log;
        this.renderer = renderer;
        this.deliverer = deliverer;
        this.metrics = metrics;
    }

    public Uni<Outcome> process(Notification n, DeadLetter deadLetter) {
        Optional<RouteConfig> route = router.select(n);
        String routeName = route.map(RouteConfig::name).orElse(null);
        return log.claim(n, routeName).chain(status -> {
            if (status.isFinal()) {
                // A redelivery or a re-sent notification: it was handled already, never post twice.
                Log.debugf("notification skipped id=%s status=%s", n.eventId(), status.label());
                metrics.outcome(routeName, Outcome.Kind.DUPLICATE.label());
                return Uni.createFrom().item(new Outcome(Outcome.Kind.DUPLICATE, routeName, 0));
            }
            if (route.isEmpty()) {
                return unrouted(n);
            }
            return deliver(n, route.get(), deadLetter);
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
        return deliverer.deliver(target, body, onRetry).chain(result -> {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
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
