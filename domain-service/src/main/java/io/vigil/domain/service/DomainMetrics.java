package io.vigil.domain.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.events.DomainFinding;
import io.vigil.events.FindingStatus;
import io.vigil.support.messaging.KeyedPublisher;
import io.vigil.support.schedule.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The domain-service's own metrics, named by outcome: findings by kind and status, findings handed
 * to Kafka by outcome, store writes by outcome, how late runs start and how many are skipped, and
 * the days left of every watched certificate (a gauge per domain and endpoint, for dashboards).
 */
@ApplicationScoped
public class DomainMetrics implements Scheduler.Listener<DomainConfig> {

    private final MeterRegistry registry;
    private final DistributionSummary startLag;
    private final Counter skipped;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> daysLeft = new ConcurrentHashMap<>();

    public DomainMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.startLag = DistributionSummary.builder("vigil.domain.start.lag.seconds")
                .description("How long after its planned time a domain run started")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.skipped = Counter.builder("vigil.domain.runs.skipped")
                .description("Runs not started because the domain's previous run had not ended")
                .register(registry);
        // Every outcome exists from the start, so a rate() over "failed" works before the first failure.
        for (KeyedPublisher.Outcome o : KeyedPublisher.Outcome.values()) {
            counter("vigil.domain.findings.published", "Findings handed to Kafka, by outcome", Tags.of("outcome",
                    o.label()));
        }
        for (String kind : new String[] {Observation.DNS, Observation.TLS, Observation.DDNS}) {
            for (FindingStatus s : FindingStatus.values()) {
                counter("vigil.domain.findings", "Findings, by kind and status", Tags.of("kind", kind, "status",
                        s.name().toLowerCase(Locale.ROOT)));
            }
        }
        for (String outcome : new String[] {"ok", "failed"}) {
            counter("vigil.domain.store.writes", "Runs written to PostgreSQL, by outcome", Tags.of("outcome", outcome));
        }
    }

    @Override
    public void started(DomainConfig domain, long lagNanos) {
        startLag.record(lagNanos / 1e9);
    }

    @Override
    public void skipped(DomainConfig domain) {
        skipped.increment();
    }

    /** Gauges of the scheduler's runs in progress and waiting, and of the domains watched. */
    public void watch(Scheduler<?> scheduler, DomainRegistry domains) {
        Gauge.builder("vigil.domain.runs.in.flight", scheduler, Scheduler::inFlight)
                .description("Domain runs in progress").register(registry);
        Gauge.builder("vigil.domain.runs.waiting", scheduler, Scheduler::waiting)
                .description("Domain runs due but waiting for a free place (domain.max-in-flight)").register(registry);
        Gauge.builder("vigil.domains", domains, DomainRegistry::size)
                .description("Domains watched (file and API)").register(registry);
    }

    /** Counts a finding; a TLS finding with days left also sets its endpoint's gauge. */
    public void finding(DomainFinding f) {
        counter("vigil.domain.findings", "Findings, by kind and status", Tags.of("kind", f.kind(), "status",
                f.status().name().toLowerCase(Locale.ROOT))).increment();
        if (!Observation.TLS.equals(f.kind())) {
            return;
        }
        if (DomainRunner.REMOVED.equals(f.code())) {
            forget(f.domain(), f.subject());
            return;
        }
        String days = f.details().get("days_left");
        if (days != null) {
            try {
                daysLeft(f.domain(), f.subject()).set(Long.parseLong(days));
            } catch (NumberFormatException e) {
                // not a number: the gauge keeps its last value
            }
        }
    }

    /** Counts a finding handed to Kafka by how it ended. */
    public void published(KeyedPublisher.Outcome outcome) {
        counter("vigil.domain.findings.published", "Findings handed to Kafka, by outcome", Tags.of("outcome",
                outcome.label())).increment();
    }

    /** Counts a run's write to PostgreSQL. */
    public void stored(boolean ok) {
        counter("vigil.domain.store.writes", "Runs written to PostgreSQL, by outcome", Tags.of("outcome",
                ok ? "ok" : "failed")).increment();
    }

    /** Drops the certificate gauges of a deleted domain. */
    public void forget(String domain) {
        for (String key : List.copyOf(daysLeft.keySet())) {
            if (key.startsWith(domain + "\n")) {
                forget(domain, key.substring(domain.length() + 1));
            }
        }
    }

    /** Drops the certificate gauge of an endpoint that is no longer watched. */
    private void forget(String domain, String subject) {
        if (daysLeft.remove(domain + "\n" + subject) != null) {
            Gauge g = registry.find("vigil.domain.certificate.days.left").tags("domain", domain, "subject", subject)
                    .gauge();
            if (g != null) {
                registry.remove(g);
            }
        }
    }

    private AtomicLong daysLeft(String domain, String subject) {
        return daysLeft.computeIfAbsent(domain + "\n" + subject, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("vigil.domain.certificate.days.left", value, AtomicLong::get)
                    .description("Days until the soonest-expiring certificate of an endpoint's chain expires")
                    .tags("domain", domain, "subject", subject).register(registry);
            return value;
        });
    }

    private Counter counter(String name, String description, Tags tags) {
        return counters.computeIfAbsent(name + tags, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
