package io.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private final AtomicReference<Double> random = new AtomicReference<>(0.5);
    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(60), random::get);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204})
    void twoHundredsAreDelivered(int status) {
        assertThat(policy.classify(status, null).delivered()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    void serverErrorsTimeoutsAndRateLimitsAreRetryable(int status) {
        SendResult result = policy.classify(status, null);

        assertThat(result.retryable()).isTrue();
        assertThat(result.cause()).isEqualTo("http_" + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 301, 302})
    void otherAnswersArePermanent(int status) {
        SendResult result = policy.classify(status, null);

        assertThat(result.verdict()).isEqualTo(SendResult.Verdict.PERMANENT);
        assertThat(policy.nextDelay(1, result)).isEmpty();
    }

    @Test
    void noAnswerIsRetryable() {
        assertThat(policy.noAnswer("timeout", "no answer within 5000ms").retryable()).isTrue();
    }

    @Test
    void backoffCeilingDoublesFromTheInitialUpToTheMaximum() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fullJitterStaysBetweenZeroAndTheCeiling() {
        random.set(0.0);
        assertThat(policy.backoff(3)).isEqualTo(Duration.ZERO);
        random.set(0.5);
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        random.set(0.999_999);
        assertThat(policy.backoff(3)).isLessThan(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1999));
    }

    @Test
    void realJitterNeverLeavesItsBounds() {
        RetryPolicy jittered = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        for (int attempt = 1; attempt <= 10; attempt++) {
            for (int i = 0; i < 200; i++) {
                assertThat(jittered.backoff(attempt)).isBetween(Duration.ZERO, jittered.ceiling(attempt));
            }
        }
    }

    @Test
    void retryAfterIsHonouredInsteadOfBackoff() {
        SendResult limited = policy.classify(429, "7");

        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.nextDelay(1, limited)).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterIsCappedAtTheConfiguredMaximum() {
        assertThat(policy.classify(429, "3600").retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aMissingOrUnreadableRetryAfterFallsBackToBackoff() {
        random.set(0.5);

        assertThat(policy.nextDelay(2, policy.classify(429, null))).hasValue(Duration.ofMillis(500));
        assertThat(policy.nextDelay(2, policy.classify(429, "Wed, 21 Oct 2015 07:28:00 GMT")))
                .hasValue(Duration.ofMillis(500));
        assertThat(policy.nextDelay(2, policy.classify(429, "-3"))).hasValue(Duration.ofMillis(500));
    }

    @Test
    void stopsAfterTheLastAttempt() {
        SendResult failure = policy.classify(503, null);

        assertThat(policy.nextDelay(5, failure)).isPresent();
        assertThat(policy.nextDelay(6, failure)).isEmpty();
    }
}
