package io.vigil.notifier.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notifier's metrics, named by outcome: {@code vigil_notifications_total{route,outcome}},
 * {@code vigil_notifications_failed_total{reason}}, {@code vigil_notifications_retries_total{route,cause}}
 * the {@code vigil_notifications_delivery_seconds{route,outcome}} timer (first try to outcome), the
 * {@code vigil_notifications_in_flight{lane}} gauge (deliveries taken from Kafka, not finished yet, by
 * lane: a destination's key such as {@code hook-3f2a…}, or {@code none} for unrouted ones) and
 * {@code vigil_notifications_route_fallback_total{route}} (named a route this notifier does not have),
 * {@code vigil_notifications_rate_limit_waits_total{destination}} and the
 * {@code vigil_notifications_rate_limit_wait_seconds{destination}} timer (requests that waited for
 * their destination's rate limit), {@code vigil_notifications_escalations_total{route}},
 * {@code vigil_notifications_thread_edits_total{destination,outcome}}, and the gauges
 * {@code vigil_notifications_held} (posts held by mute windows) and
 * {@code vigil_notifications_failing_destinations} (destinations refusing posts for good).
 */
@ApplicationScoped
public class NotifierMetrics {

    /** The route tag of notifications that have none (unrouted, unreadable). */
    public static final String NO_ROUTE = "none";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("vigil.notifications.held", held, AtomicInteger::get)
                .description("Posts held by a mute window of their route, as the last release round found them")
                .register(registry);
    }

    /** How many posts the last release round found held (up to its batch). */
    public void held(int count) {
        held.set(count);
    }

    public void failingChannels(java.util.function.Supplier<Number> count) {
        Gauge.builder("vigil.notifications.failing.destinations", count)
                .description("Destinations that refused posts for good (404, 401, 403) and have not worked since")
                .register(registry);
    }

    /** A request waited for its destination's rate limit. */
    public void rateLimitWait(String destination, Duration wait) {
        Counter.builder("vigil.notifications.rate.limit.waits")
                .description("Requests that waited for their destination's rate limit")
                .tag("destination", destination)
                .register(registry)
                .increment();
        Timer.builder("vigil.notifications.rate.limit.wait")
                .description("How long requests waited for their destination's rate limit")
                .tag("destination", destination)
                .register(registry)
                .record(wait);
    }

    /** An escalation step went out for an incident of this route. */
    public void escalation(String route) {
        Counter.builder("vigil.notifications.escalations")
                .description("Escalation steps sent: incidents still firing and unacknowledged after the step's delay")
                .tag("route", route)
                .register(registry)
                .increment();
    }

    /** A bot thread's root was edited to show the incident's state (outcome edited or failed). */
    public void rootEdit(String destination, String outcome) {
        Counter.builder("vigil.notifications.thread.edits")
                .description("Edits of bot thread roots to show an incident's state, by outcome")
                .tag("destination", destination)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /**
     * The gauge of deliveries in flight on a lane: a destination's key ({@code hook-…}, {@code bot-…}:
     * no secret) or "none" for unrouted notifications; registered on first use.
     */
    public AtomicInteger inFlight(String lane) {
        return inFlight.computeIfAbsent(lane == null ? NO_ROUTE : lane, r -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("vigil.notifications.in.flight", value, AtomicInteger::get)
                    .description("Deliveries taken from Kafka and not finished yet, by destination lane")
                    .tag("lane", r)
                    .register(registry);
            return value;
        });
    }

    /** Outcomes: delivered, dead, unrouted, held, duplicate, taken_over, unreadable. */
    public void outcome(String route, String outcome) {
        Counter.builder("vigil.notifications")
                .description("Notifications handled, by route and outcome")
                .tag("route", route == null ? NO_ROUTE : route)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Reasons: rejected (permanent 4xx), exhausted (attempts ran out), unreadable (poison record). */
    public void failed(String reason) {
        Counter.builder("vigil.notifications.failed")
                .description("Notifications that went to the dead-letter topic, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A failed attempt that will be retried; cause is bounded (http_503, timeout, connection, ...). */
    public void retry(String route, String cause) {
        Counter.builder("vigil.notifications.retries")
                .description("Webhook attempts that failed and were retried")
                .tag("route", route)
                .tag("cause", cause == null ? "unknown" : cause)
                .register(registry)
                .increment();
    }

    /**
     * A notification named a route this notifier does not have (its routes are out of sync with the
     * alert-service's) and went by first match instead; {@code route} is where it went ("none": nowhere,
     * so it is logged as unrouted). Counted each time it is read, a redelivery included.
     */
    public void routeFallback(String route) {
        Counter.builder("vigil.notifications.route.fallback")
                .description("Notifications naming an unknown route, routed by first match instead, by the route taken")
                .tag("route", route == null ? NO_ROUTE : route)
                .register(registry)
                .increment();
    }

    public void delivery(String route, String outcome, Duration took) {
        Timer.builder("vigil.notifications.delivery")
                .description("Time from the first webhook attempt to the outcome, retries included")
                .tag("route", route)
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
