package io.vigil.health.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.config.CheckConfig;
import io.vigil.events.HealthStatus;
import io.vigil.health.messaging.ResultPublisher;
import io.vigil.support.messaging.KeyedPublisher;
import io.vigil.support.schedule.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health-service's meters, named by outcome: {@code vigil_checks_total{type,status}},
 * {@code vigil_check_duration_seconds{type}}, {@code vigil_check_start_lag_seconds} (how late runs
 * start: the scheduler's jitter, with p50/p99), {@code vigil_check_runs_skipped_total},
 * {@code vigil_health_results_published_total{outcome}} and
 * {@code vigil_heartbeats_total{outcome}}.
 */
@ApplicationScoped
public class HealthMetrics implements Scheduler.Listener<CheckConfig> {

    private final MeterRegistry registry;
    private final DistributionSummary startLag;
    private final Counter skipped;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    public HealthMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.startLag = DistributionSummary.builder("vigil.check.start.lag.seconds")
                .description("How long after its planned time a check run started")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.skipped = Counter.builder("vigil.check.runs.skipped")
                .description("Runs not started because the check's previous run had not ended")
                .register(registry);
        // Every outcome exists from the start, so a rate() over "failed" works before the first failure.
        for (KeyedPublisher.Outcome o : KeyedPublisher.Outcome.values()) {
            publishedCounter(o);
        }
    }

    @Override
    public void started(CheckConfig check, long lagNanos) {
        startLag.record(lagNanos / 1e9);
    }

    @Override
    public void skipped(CheckConfig check) {
        skipped.increment();
    }

    /** A run ended with this status after {@code latencyMillis}. */
    public void result(String type, HealthStatus status, long latencyMillis) {
        counters.computeIfAbsent("checks/" + type + "/" + status.label(), k -> Counter.builder("vigil.checks")
                .description("Check results, by type and status")
                .tag("type", type).tag("status", status.label())
                .register(registry)).increment();
        durations.computeIfAbsent(type, k -> Timer.builder("vigil.check.duration")
                .description("How long check runs took, by type")
                .tag("type", type)
                .register(registry)).record(Duration.ofMillis(latencyMillis));
    }

    /**
     * Gauges of what is queued: runs in flight and waiting for a place (above zero: max-in-flight
     * too low), results not yet written to PostgreSQL, and those dropped from the history.
     */
    public void watch(Scheduler<?> scheduler, io.vigil.health.store.ResultStore results) {
        io.micrometer.core.instrument.Gauge.builder("vigil.check.runs.in.flight", scheduler, Scheduler::inFlight)
                .description("Check runs in progress").register(registry);
        io.micrometer.core.instrument.Gauge.builder("vigil.check.runs.waiting", scheduler, Scheduler::waiting)
                .description("Check runs due but waiting for a free place (health.max-in-flight)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("vigil.health.results.unwritten", results, r -> r.unwritten())
                .description("Results not yet written to the recent history in PostgreSQL").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("vigil.health.results.dropped", results,
                        r -> r.dropped())
                .description("Results dropped from the history because PostgreSQL was away too long")
                .register(registry);
    }

    /** Counts a result handed to Kafka by how it ended. */
    public void published(KeyedPublisher.Outcome outcome) {
        publishedCounter(outcome).increment();
    }

    private Counter publishedCounter(KeyedPublisher.Outcome outcome) {
        return counters.computeIfAbsent("published/" + outcome, k -> Counter.builder("vigil.health.results.published")
                .description("Results handed to Kafka, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry));
    }

    /** Counts a heartbeat call by outcome ({@code accepted}, {@code unknown_token}, {@code rate_limited}, {@code bad_report}). */
    public void heartbeat(String outcome) {
        counters.computeIfAbsent("heartbeat/" + outcome, k -> Counter.builder("vigil.heartbeats")
                .description("Heartbeat calls, by outcome")
                .tag("outcome", outcome)
                .register(registry)).increment();
    }
}
