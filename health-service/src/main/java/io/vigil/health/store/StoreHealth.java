package io.vigil.health.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether PostgreSQL answered the last write of recent results. Readiness reads it; the checks go on
 * either way (their results still reach Kafka), so an outage costs history, not alerts.
 */
@ApplicationScoped
public class StoreHealth {

    /** The failure in progress: since when, and why (never a password). */
    public record Failure(Instant since, String cause) {
    }

    private final AtomicReference<Failure> failure = new AtomicReference<>();

    void failed(String operation, Throwable t) {
        String cause = operation + ": " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Failure previous = failure.get();
        failure.set(new Failure(previous == null ? Instant.now() : previous.since(), cause));
        if (previous == null) {
            Log.warnf("health store unavailable cause=%s (results still go to Kafka; history waits)", cause);
        }
    }

    void succeeded() {
        Failure previous = failure.getAndSet(null);
        if (previous != null) {
            Log.infof("health store available again after=%s", Duration.between(previous.since(), Instant.now()));
        }
    }

    /** The failure in progress, or null. */
    public Failure failure() {
        return failure.get();
    }
}
