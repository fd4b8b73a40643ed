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

    /** Asked before each retry (attempt 2 and later) whether it may go ahead, e.g. to renew a claim. */
    @FunctionalInterface
    public interface AttemptGuard {
        Uni<Boolean> mayAttempt(int attempt);
    }

    /**
     * How a delivery ended.
     *
     * @param attempts requests made, 1 or more
     * @param last the last request's result
     * @param abandoned true when the guard stopped it before another attempt; {@code last} is then the
     *     last failure
     */
    public record Result(int attempts, SendResult last, boolean abandoned) {

        public boolean delivered() {
            return last.delivered();
        }

        /** Whether it failed only because the attempts ran out (rather than a permanent refusal). */
        public boolean exhausted() {
            return !abandoned && last.retryable();
        }
    }

    private final MattermostSender sender;
    private final RetryPolicy policy;

    public Deliverer(MattermostSender sender, RetryPolicy policy) {
        this.sender = sender;
        this.policy = policy;
    }

    /** Delivers with retries, every attempt allowed. */
    public Uni<Result> deliver(MattermostTarget target, String jsonBody, RetryListener listener) {
        return deliver(target, jsonBody, listener, attempt -> Uni.createFrom().item(true));
    }

    /** Delivers with retries; {@code guard} may stop it before any retry. */
    public Uni<Result> deliver(MattermostTarget target, String jsonBody, RetryListener listener, AttemptGuard guard) {
        return attempt(target, jsonBody, listener, guard, 1);
    }

    private Uni<Result> attempt(MattermostTarget target, String jsonBody, RetryListener listener, AttemptGuard guard,
            int attempt) {
        return sender.send(target, jsonBody).chain(result -> {
            Optional<Duration> delay = result.delivered() ? Optional.empty() : policy.nextDelay(attempt, result);
            if (delay.isEmpty()) {
                return Uni.createFrom().item(new Result(attempt, result, false));
            }
            Log.debugf("delivery retrying target=%s attempt=%d cause=%s delay=%dms",
                    target.maskedUrl(), attempt, result.cause(), delay.get().toMillis());
            Uni<Void> recorded = listener.retrying(attempt, result, delay.get());
            // Mutiny refuses a zero delay, and full jitter or "Retry-After: 0" can produce one.
            Uni<Void> waited = delay.get().isZero() ? recorded : recorded.onItem().delayIt().by(delay.get());
            return waited.chain(() -> guard.mayAttempt(attempt + 1)).chain(go -> go
                    ? attempt(target, jsonBody, listener, guard, attempt + 1)
                    : Uni.createFrom().item(new Result(attempt, result, true)));
        });
    }
}
