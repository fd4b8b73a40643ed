package io.vigil.notifier.delivery;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.RateLimit;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one request until it is delivered, permanently refused, or the attempts run out (the retry
 * loop). Every attempt first takes a slot of its destination's rate limit, so retries count too.
 */
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

    /** Told when an attempt had to wait for its destination's rate limit (for the metrics). */
    @FunctionalInterface
    public interface RateLimitListener {
        void waited(String destination, Duration wait);
    }

    /**
     * Where a request goes, as far as the rate limit is concerned.
     *
     * @param key the destination's stable key (one bucket per key)
     * @param name how metrics name it
     */
    public record Limit(String key, String name, RateLimit rate) {
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

    private static final AttemptGuard ALWAYS = attempt -> Uni.createFrom().item(true);

    private final MattermostSender sender;
    private final RetryPolicy policy;
    private final TokenBuckets buckets;
    private final RateLimitListener waits;

    public Deliverer(MattermostSender sender, RetryPolicy policy, TokenBuckets buckets, RateLimitListener waits) {
        this.sender = sender;
        this.policy = policy;
        this.buckets = buckets;
        this.waits = waits;
    }

    /** Delivers with retries, every attempt allowed. */
    public Uni<Result> deliver(Limit limit, Outgoing request, RetryListener listener) {
        return deliver(limit, request, listener, ALWAYS);
    }

    /** Delivers with retries; {@code guard} may stop it before any retry. */
    public Uni<Result> deliver(Limit limit, Outgoing request, RetryListener listener, AttemptGuard guard) {
        return attempt(limit, request, listener, guard, 1);
    }

    private Uni<Result> attempt(Limit limit, Outgoing request, RetryListener listener, AttemptGuard guard,
            int attempt) {
        return paced(limit).chain(() -> sender.send(request)).chain(result -> {
            Optional<Duration> delay = result.delivered() ? Optional.empty() : policy.nextDelay(attempt, result);
            if (delay.isEmpty()) {
                return Uni.createFrom().item(new Result(attempt, result, false));
            }
            Log.debugf("delivery retrying destination=%s attempt=%d cause=%s delay=%dms",
                    limit.name(), attempt, result.cause(), delay.get().toMillis());
            Uni<Void> recorded = listener.retrying(attempt, result, delay.get());
            // Mutiny refuses a zero delay, and full jitter or "Retry-After: 0" can produce one.
            Uni<Void> waited = delay.get().isZero() ? recorded : recorded.onItem().delayIt().by(delay.get());
            return waited.chain(() -> guard.mayAttempt(attempt + 1)).chain(go -> go
                    ? attempt(limit, request, listener, guard, attempt + 1)
                    : Uni.createFrom().item(new Result(attempt, result, true)));
        });
    }

    /** Completes when the destination's rate limit lets the next request go. */
    private Uni<Void> paced(Limit limit) {
        Duration wait = buckets.reserve(limit.key(), limit.rate());
        if (wait.isZero()) {
            return Uni.createFrom().voidItem();
        }
        waits.waited(limit.name(), wait);
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }
}
