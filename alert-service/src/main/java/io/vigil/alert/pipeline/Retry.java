package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.store.FencedException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs an I/O step until it works, with exponential back-off, for as long as it takes: a database
 * that is down pauses the pipeline instead of failing the channel. Each failed try is reported to
 * the health checks. A {@link FencedException} is an answer, not an outage, and is passed on.
 */
public final class Retry {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final PipelineHealth health;
    private final Duration maxBackoff;
    private final String scope;

    public Retry(PipelineHealth health, Duration maxBackoff) {
        this(health, maxBackoff, null);
    }

    /**
     * A retry whose operations are reported under {@code scope} (a pipeline's topic): two pipelines
     * failing and recovering at different moments must not clear each other's failure.
     */
    public Retry(PipelineHealth health, Duration maxBackoff, String scope) {
        this.health = health;
        this.scope = scope;
        this.maxBackoff = maxBackoff.compareTo(FIRST_BACKOFF) < 0 ? FIRST_BACKOFF : maxBackoff;
    }

    public <T> Uni<T> untilDone(String what, Supplier<Uni<T>> io) {
        String operation = scope == null ? what : scope + ": " + what;
        return Uni.createFrom().<T>deferred(io::get)
                .onFailure(e -> !(e instanceof FencedException)).invoke(e -> health.failed(operation, e))
                .onFailure(e -> !(e instanceof FencedException)).retry()
                .withBackOff(FIRST_BACKOFF, maxBackoff).withJitter(0.2).atMost(Long.MAX_VALUE)
                .invoke(() -> health.succeeded(operation));
    }
}
