package io.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.vigil.config.RateLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The retry loop with a scripted sender and no waiting (zero backoff, a rate limit it never reaches). */
class DelivererTest {

    private static final Deliverer.Limit LIMIT = new Deliverer.Limit("hook-1", "mattermost", new RateLimit(1000, 1000));
    private static final Outgoing REQUEST = Outgoing.post("http://127.0.0.1:1/hooks/abc", null, "{}");

    private final Queue<SendResult> answers = new ArrayDeque<>();
    private final List<Integer> guardAsked = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private int requests;
    private final MattermostSender sender = request -> {
        requests++;
        return Uni.createFrom().item(answers.remove());
    };
    private final Deliverer deliverer = new Deliverer(sender,
            new RetryPolicy(5, Duration.ZERO, Duration.ZERO, Duration.ZERO, () -> 0.0),
            new TokenBuckets(System::nanoTime), (destination, wait) -> waits.add(wait));

    @Test
    void theGuardIsAskedBeforeEachRetryAndTheFirstAttemptNeedsNoAsking() {
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.ok());

        Deliverer.Result result = deliverer.deliver(LIMIT, REQUEST, (a, f, d) -> Uni.createFrom().voidItem(),
                attempt -> {
                    guardAsked.add(attempt);
                    return Uni.createFrom().item(true);
                }).await().indefinitely();

        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(guardAsked).containsExactly(2, 3);
        assertThat(waits).isEmpty();
    }

    @Test
    void aGuardSayingNoStopsBeforeTheNextRequestAndTheResultIsAbandonedNotExhausted() {
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.ok());

        Deliverer.Result result = deliverer.deliver(LIMIT, REQUEST, (a, f, d) -> Uni.createFrom().voidItem(),
                attempt -> Uni.createFrom().item(false)).await().indefinitely();

        assertThat(requests).isEqualTo(1);
        assertThat(result.abandoned()).isTrue();
        assertThat(result.exhausted()).isFalse();
        assertThat(result.delivered()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void aRequestBeyondTheBurstWaitsForItsSlotAndTheWaitIsReported() {
        Deliverer.Limit tight = new Deliverer.Limit("hook-2", "tight", new RateLimit(20, 1));
        answers.add(SendResult.ok());
        answers.add(SendResult.ok());

        deliverer.deliver(tight, REQUEST, (a, f, d) -> Uni.createFrom().voidItem()).await().indefinitely();
        deliverer.deliver(tight, REQUEST, (a, f, d) -> Uni.createFrom().voidItem()).await().indefinitely();

        assertThat(requests).isEqualTo(2);
        assertThat(waits).singleElement().satisfies(w -> assertThat(w).isPositive()
                .isLessThanOrEqualTo(Duration.ofMillis(50)));
    }

    @Test
    void aBrokenChannelIsA404401Or403OrAnUnknownHook() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ZERO, Duration.ZERO, Duration.ZERO, () -> 0.0);
        assertThat(policy.classify(404, null).channelBroken()).isTrue();
        assertThat(policy.classify(401, null).channelBroken()).isTrue();
        assertThat(policy.classify(403, null).channelBroken()).isTrue();
        assertThat(policy.classify(400, null).channelBroken()).isFalse();
        assertThat(policy.classify(500, null).channelBroken()).isFalse();
        SendResult unknownHook = policy.classify(400, null);
        assertThat(new SendResult(unknownHook.verdict(), unknownHook.cause(),
                unknownHook.detail() + " web.incoming_webhook.invalid.app_error", null).channelBroken()).isTrue();
    }
}
