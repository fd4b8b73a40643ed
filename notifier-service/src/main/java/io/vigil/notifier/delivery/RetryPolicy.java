package io.vigil.notifier.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides what an HTTP answer means and how long to wait before the next try
 * (DESIGN §8): 2xx done; 5xx, 408, timeouts and connection errors retried with exponential backoff
 * and full jitter; 429 retried after {@code Retry-After} (capped); any other answer is permanent.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param random a source of numbers in [0, 1) for the jitter
     */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
            DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative: " + maxRetryAfter);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * What an HTTP answer means. {@code retryAfterHeader} is only read for 429.
     */
    public SendResult classify(int status, String retryAfterHeader) {
        if (status >= 200 && status < 300) {
            return SendResult.ok();
        }
        String cause = "http_" + status;
        if (status == 429) {
            Duration wait = retryAfter(retryAfterHeader);
            return SendResult.retryable(cause, "HTTP 429 rate limited"
                    + (wait != null ? ", Retry-After " + wait.toSeconds() + "s" : ""), wait);
        }
        // 408 is the server timing out on us: a timeout, which DESIGN §8 retries.
        if (status >= 500 || status == 408) {
            return SendResult.retryable(cause, "HTTP " + status, null);
        }
        // 3xx included: a webhook that redirects is misconfigured, and we do not follow redirects.
        return SendResult.permanent(cause, "HTTP " + status);
    }

    /** A request that got no answer: timeouts and connection failures are always worth another try. */
    public SendResult noAnswer(String cause, String detail) {
        return SendResult.retryable(cause, detail, null);
    }

    /**
     * How long to wait after {@code attempt} (1-based) failed with {@code result}; empty when that was
     * the last attempt or the failure is permanent.
     */
    public Optional<Duration> nextDelay(int attempt, SendResult result) {
        if (!result.retryable() || attempt >= maxAttempts) {
            return Optional.empty();
        }
        if (result.retryAfter() != null) {
            return Optional.of(result.retryAfter());
        }
        return Optional.of(backoff(attempt));
    }

    /**
     * Full jitter (AWS "Exponential Backoff and Jitter"): uniform in [0, min(max, initial * 2^(attempt-1))],
     * so that many notifiers failing together do not retry in step.
     */
    public Duration backoff(int attempt) {
        return Duration.ofNanos((long) (ceiling(attempt).toNanos() * random.getAsDouble()));
    }

    /** The upper bound of the backoff after {@code attempt} (1-based) failures. */
    public Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        if (initial == 0) {
            return Duration.ZERO;
        }
        // Stop doubling before it overflows; the cap is reached long before.
        long ceiling = initial;
        for (int i = 0; i < doublings && ceiling < max; i++) {
            ceiling = ceiling > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ceiling * 2;
        }
        return Duration.ofNanos(Math.min(ceiling, max));
    }

    /** {@code Retry-After} in seconds, capped at the configured maximum; null when absent or not a number. */
    public Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        long seconds;
        try {
            seconds = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            // An HTTP-date is allowed too, but Mattermost sends seconds; fall back to backoff.
            return null;
        }
        if (seconds < 0) {
            return null;
        }
        Duration wait = seconds > maxRetryAfter.toSeconds() ? maxRetryAfter : Duration.ofSeconds(seconds);
        return wait;
    }
}
