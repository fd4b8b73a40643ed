package io.vigil.alert.health;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the health checks report about the pipelines (one per consumed topic): the dependencies
 * (PostgreSQL, Kafka) that are failing and being retried right now, and how long each pipeline's
 * current batch has been in progress. Failures are logged once when they start and once when they end, not on every retry.
 */
public final class PipelineHealth {

    /** A dependency that fails: since when, and the last error seen. */
    public record Failure(Instant since, String error, long attempts) {
    }

    private final ConcurrentHashMap<String, Failure> failing = new ConcurrentHashMap<>();
    /** When each pipeline's batch in progress started, by topic; absent: none in progress. */
    private final ConcurrentHashMap<String, Instant> batchStartedAt = new ConcurrentHashMap<>();

    /** Records one failed try of {@code operation} (e.g. "store", "claim", "outbox relay"). */
    public void failed(String operation, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        Failure before = failing.get(operation);
        if (before == null) {
            Log.warnf("%s failing, retrying until it works: %s", operation, message);
        }
        failing.merge(operation, new Failure(Instant.now(), message, 1),
                (old, now) -> new Failure(old.since(), now.error(), old.attempts() + 1));
    }

    /** {@code operation} succeeded: it no longer counts as failing. */
    public void succeeded(String operation) {
        Failure gone = failing.remove(operation);
        if (gone != null) {
            Log.infof("%s works again after %ds and %d failed tries", operation,
                    Duration.between(gone.since(), Instant.now()).toSeconds(), gone.attempts());
        }
    }

    public Map<String, Failure> failing() {
        return new TreeMap<>(failing);
    }

    public void batchStarted(String topic) {
        batchStartedAt.put(topic, Instant.now());
    }

    public void batchFinished(String topic) {
        batchStartedAt.remove(topic);
    }

    /** Whether a batch has been in progress longer than {@code limit} with no failing dependency to explain it. */
    public boolean stuck(Duration limit, Instant now) {
        return failing.isEmpty() && batchStartedAt.values().stream()
                .anyMatch(started -> Duration.between(started, now).compareTo(limit) > 0);
    }
}
