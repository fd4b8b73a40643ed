package io.vigil.notifier.delivery;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import java.time.Duration;
import java.util.Optional;

/** Sends a post until it is delivered, permanently refused, or the attempts run out (the retry loop). */
public final class Deliverer {

    /** Told about each failed attempt that will be retried, e.g. to record progress. */
    @FunctionalInterface
    public interface RetryListener {
        Uni<Void> retrying(int attempt, SendResult failure, Duration delay);
    }

    /**
     * How a delivery ended.
     *
     * @param attempts requests made, 1 or more
     * @param last the last request's result
     */
    public record Result(int attempts, SendResult last) {

        public boolean delivered() {
            return last.delivered();
        }

        /** Whether it failed only because the attempts ran out (rather than a permanent refusal). */
        public boolean exhausted() {
            return last.retryable();
        }
    }

    private final MattermostSender sender;
    private final RetryPolicy policy;

    public Deliverer(MattermostSender sender, RetryPolicy policy) {
        this.sender = sender;
        this.policy = policy;
    }

    public Uni<Result> deliver(MattermostTarget target, String jsonBody, RetryListener listener) {
        return attempt(target, jsonBody, listener, 1);
    }

    private Uni<Result> attempt(MattermostTarget target, String jsonBody, RetryListener listener, int attempt) {
        return sender.send(target, jsonBody).chain(result -> {
            Optional<Duration> delay = result.delivered() ? Optional.empty() : policy.nextDelay(attempt, result);
            if (delay.isEmpty()) {
                return Uni.createFrom().item(new Result(attempt, result));
            }
            Log.debugf("delivery retrying target=%s attempt=%d cause=%s delay=%dms",
                    target.maskedUrl(), attempt, result.cause(), delay.get().toMillis());
            Uni<Void> recorded = listener.retrying(attempt, result, delay.get());
            // Mutiny refuses a zero delay, and full jitter or "Retry-After: 0" can produce one.
            Uni<Void> waited = delay.get().isZero() ? recorded : recorded.onItem().delayIt().by(delay.get());
            return waited.chain(() -> attempt(target, jsonBody, listener, attempt + 1));
        });
    }
}
