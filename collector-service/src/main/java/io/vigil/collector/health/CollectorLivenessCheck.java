package io.vigil.collector.health;

import io.vigil.collector.service.CollectorLoop;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while snapshots keep coming. A sampling thread stuck in a kernel read (a hung disk) leaves
 * the process up but blind; after three missed intervals a restart is the better outcome.
 */
@Liveness
@ApplicationScoped
public class CollectorLivenessCheck implements HealthCheck {

    private static final int MISSED_TICKS = 3;

    private final CollectorLoop loop;

    public CollectorLivenessCheck(CollectorLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        Duration interval = loop.setup().interval();
        Instant last = loop.lastSnapshot();
        return HealthCheckResponse.named("collector")
                .status(isLive(last, Instant.now(), interval))
                .withData("host", loop.setup().hostId())
                .withData("interval", interval.toString())
                .withData("lastSnapshot", last.toString())
                .build();
    }

    /** Live unless {@value #MISSED_TICKS} intervals passed without a snapshot (startup counts as one). */
    static boolean isLive(Instant lastSnapshot, Instant now, Duration interval) {
        return Duration.between(lastSnapshot, now).compareTo(interval.multipliedBy(MISSED_TICKS)) <= 0;
    }
}
