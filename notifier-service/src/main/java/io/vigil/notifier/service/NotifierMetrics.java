package io.vigil.notifier.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The notifier's metrics, named by outcome: {@code vigil_notifications_total{route,outcome}},
 * {@code vigil_notifications_failed_total{reason}}, {@code vigil_notifications_retries_total{route,cause}}
 * and the {@code vigil_notifications_delivery_seconds{route,outcome}} timer (first try to outcome).
 */
@ApplicationScoped
public class NotifierMetrics {

    /** The route tag of notifications that have none (unrouted, unreadable). */
    public static final String NO_ROUTE = "none";

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Outcomes: delivered, dead, unrouted, duplicate, unreadable. */
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

    public void delivery(String route, String outcome, Duration took) {
        Timer.builder("vigil.notifications.delivery")
                .description("Time from the first webhook attempt to the outcome, retries included")
                .tag("route", route)
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
