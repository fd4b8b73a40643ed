package io.vigil.collector.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.collector.config.CollectorSetup;
import io.vigil.collector.messaging.MetricPublisher;
import io.vigil.collector.metrics.HostGauges;
import io.vigil.collector.sampling.Sampler;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the host every interval and publishes the snapshot. The interval comes from the Vigil
 * file at runtime, so the loop is scheduled by hand on its own thread: the sampler's reads block on
 * {@code /proc} and {@code statvfs} and must never run on an event loop.
 */
@ApplicationScoped
public class CollectorLoop {

    static final String SERVICE = "collector-service";

    private final Sampler sampler;
    private final HostGauges gauges;
    private final MetricPublisher publisher;
    private final CollectorSetup setup;
    private final Timer snapshotTimer;
    private final Clock clock;
    private final EventSource source;
    private volatile Instant lastSnapshot;
    private ScheduledExecutorService executor;

    public CollectorLoop(Sampler sampler, MetricPublisher publisher, CollectorSetup setup, MeterRegistry registry) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.setup = setup;
        this.gauges = new HostGauges(registry);
        this.snapshotTimer = Timer.builder("vigil.collector.snapshot")
                .description("Time to read one host snapshot")
                .register(registry);
        this.clock = Clock.systemUTC();
        this.source = new EventSource(SERVICE, setup.hostId());
        this.lastSnapshot = clock.instant();
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-collector");
            t.setDaemon(true);
            return t;
        });
        long millis = setup.interval().toMillis();
        // The first tick waits one interval: the sampler's baseline was taken at startup, so the
        // first batch already carries CPU usage and rates over a full interval. Fixed rate keeps
        // ticks on a steady grid; a slow tick delays the next one instead of overlapping it.
        executor.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        Log.infof("collector started interval=%s host=%s", setup.interval(), setup.hostId());
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Log.info("collector stopped");
    }

    /** One tick: sample, show on /q/metrics, publish. Public for tests that drive ticks by hand. */
    public void tick() {
        // An exception escaping a scheduled task cancels all later runs; one bad tick must not.
        try {
            Instant at = clock.instant();
            List<MetricSample> samples = snapshotTimer.record(sampler::sample);
            lastSnapshot = at;
            gauges.update(samples);
            publisher.publish(MetricBatch.of(source, setup.hostId(), at, samples, setup.interval().toMillis()));
            Log.debugf("tick host=%s samples=%d", setup.hostId(), samples.size());
        } catch (RuntimeException e) {
            Log.errorf(e, "tick failed host=%s", setup.hostId());
        }
    }

    /** When the last snapshot was taken (startup until the first tick). */
    public Instant lastSnapshot() {
        return lastSnapshot;
    }

    /** The collector's interval and host id. */
    public CollectorSetup setup() {
        return setup;
    }
}
