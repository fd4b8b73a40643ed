package io.vigil.collector.scrape;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigil.collector.config.CollectorSetup;
import io.vigil.collector.config.ScrapeTargets;
import io.vigil.collector.messaging.MetricPublisher;
import io.vigil.config.ScrapeConfig;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.support.schedule.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scrapes the {@code scrape:} targets, each on its own interval on Vert.x timers (the host sampling
 * keeps its own thread in {@code CollectorLoop}), and publishes one {@link MetricBatch} per scrape
 * keyed by the target's instance ({@code host:port}). Every target may have a scrape in flight at
 * once, so a slow target never delays another; a target still busy when its next turn comes skips
 * that turn (its timeout is at most its interval, so that only happens under extreme load).
 */
@ApplicationScoped
public class ScrapeService {

    static final String SERVICE = "collector-service";

    private final List<ScrapeConfig> targets;
    private final Scraper scraper;
    private final MetricPublisher publisher;
    private final EventSource source;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Clock clock;
    private final Map<String, ScrapeSamples> labelling;
    /** The last state logged per target: "up" or the failure reason; a change is logged once. */
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private Scheduler<ScrapeConfig> scheduler;

    @Inject
    public ScrapeService(ScrapeTargets targets, MetricPublisher publisher, CollectorSetup setup, MeterRegistry registry,
            Vertx vertx) {
        this(targets.targets(), new Scraper(vertx), publisher, setup.hostId(), registry, vertx, Clock.systemUTC());
    }

    /** @param collectorHost the collector's own host id: the batches' source */
    public ScrapeService(List<ScrapeConfig> targets, Scraper scraper, MetricPublisher publisher, String collectorHost,
            MeterRegistry registry, Vertx vertx, Clock clock) {
        this.targets = List.copyOf(targets);
        this.scraper = scraper;
        this.publisher = publisher;
        this.source = new EventSource(SERVICE, collectorHost);
        this.registry = registry;
        this.vertx = vertx;
        this.clock = clock;
        this.labelling = this.targets.stream()
                .collect(Collectors.toUnmodifiableMap(ScrapeConfig::name, ScrapeSamples::new));
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    // Early, so no new scrape starts while the Kafka channel closes.
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    /** Schedules every target; nothing to do without targets. */
    public void start() {
        if (targets.isEmpty()) {
            return;
        }
        // One place per target: a target's own runs never overlap (the scheduler skips a busy one),
        // and no target ever waits for another's.
        scheduler = new Scheduler<>(vertx, ScrapeConfig::name, ScrapeConfig::interval, this::run,
                new Scheduler.Listener<>() {
                    @Override
                    public void started(ScrapeConfig target, long lagNanos) {
                    }

                    @Override
                    public void skipped(ScrapeConfig target) {
                        Log.debugf("scrape skipped target=%s: the previous one is still running", target.name());
                    }
                }, targets.size());
        targets.forEach(scheduler::schedule);
        Log.infof("scraping targets=%d %s", targets.size(), targets.stream()
                .map(t -> t.name() + "=" + t.instance()).collect(Collectors.joining(" ")));
    }

    public void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
        scraper.close();
    }

    /** One scrape of one target, published; the stage never fails. */
    CompletionStage<?> run(ScrapeConfig target) {
        Instant at = clock.instant();
        Uni<ScrapeResult> scrape;
        try {
            scrape = scraper.scrape(target);
        } catch (RuntimeException e) {
            scrape = Uni.createFrom().item(ScrapeResult.failed(ScrapeFailures.ERROR, e.toString(), 0));
        }
        return scrape
                .onItem().invoke(result -> publish(target, at, result))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "scrape failed to publish target=%s", target.name());
                    return null;
                })
                .subscribeAsCompletionStage();
    }

    private void publish(ScrapeConfig target, Instant at, ScrapeResult result) {
        List<MetricSample> samples = labelling.get(target.name()).of(result);
        publisher.publish(MetricBatch.of(source, target.instance(), at, samples, target.interval().toMillis()));
        String outcome = result.up() ? "success" : result.reason();
        Counter.builder("vigil.scrapes").description("Scrapes of exporters, by target and outcome")
                .tag("target", target.name()).tag("outcome", outcome).register(registry).increment();
        Timer.builder("vigil.scrape.duration").description("Time to fetch and parse one target's exposition")
                .tag("target", target.name()).register(registry)
                .record((long) (result.seconds() * 1e9), TimeUnit.NANOSECONDS);
        logChange(target, result);
        Log.debugf("scraped target=%s instance=%s up=%s samples=%d", target.name(), target.instance(), result.up(),
                samples.size());
    }

    private void logChange(ScrapeConfig target, ScrapeResult result) {
        String state = result.up() ? "up" : result.reason();
        String before = states.put(target.name(), state);
        if (state.equals(before)) {
            return;
        }
        if (result.up()) {
            Log.infof("scrape up target=%s instance=%s samples=%d%s", target.name(), target.instance(),
                    result.samples().size(), before == null ? "" : " (was " + before + ")");
        } else {
            Log.warnf("scrape failing target=%s instance=%s reason=%s detail=%s", target.name(), target.instance(),
                    result.reason(), result.detail());
        }
    }

    /** The targets, for tests and the start line. */
    public List<ScrapeConfig> targets() {
        return targets;
    }
}
