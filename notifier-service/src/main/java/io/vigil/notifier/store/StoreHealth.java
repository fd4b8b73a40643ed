package io.vigil.notifier.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the delivery log's database answers, as the last operation found it. Readiness reads it;
 * nothing else depends on it (the delivery path simply keeps retrying).
 */
@ApplicationScoped
public class StoreHealth {

    /** The failure in progress: since when, and why (exception type and message, never a password). */
    public record Failure(Instant since, String cause) {
    }

    private final AtomicReference<Failure> failure = new AtomicReference<>();

    void failed(String operation, Throwable t) {
        String cause = operation + ": " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Failure previous = failure.getAndSet(new Failure(
                failure.get() == null ? Instant.now() : failure.get().since(), cause));
        if (previous == null) {
            Log.warnf("delivery log unavailable cause=%s (retrying until it answers; nothing is acknowledged meanwhile)",
                    cause);
        } else {
            Log.debugf("delivery log still unavailable cause=%s", cause);
        }
    }

    void succeeded() {
        Failure previous = failure.getAndSet(null);
        if (previous != null) {
            Log.infof("delivery log available again after=%s", java.time.Duration.between(previous.since(), Instant.now()));
        }
    }

    /** The failure in progress, or null when the last operation succeeded. */
    public Failure failure() {
        return failure.get();
    }
}
