package io.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The retry loop with a scripted sender and no waiting (zero backoff). */
class DelivererTest {

    private static final MattermostTarget TARGET = new MattermostTarget("http://127.0.0.1:1/hooks/abc", null, null, null);

    private final Queue<SendResult> answers = new ArrayDeque<>();
    private final List<Integer> guardAsked = new ArrayList<>();
    private int requests;
    private final MattermostSender sender = (target, body) -> {
        requests++;
        return Uni.createFrom().item(answers.remove());
    };
    private final Deliverer deliverer = new Deliverer(sender,
            new RetryPolicy(5, Duration.ZERO, Duration.ZERO, Duration.ZERO, () -> 0.0));

    @Test
    void theGuardIsAskedBeforeEachRetryAndTheFirstAttemptNeedsNoAsking() {
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.ok());

        Deliverer.Result result = deliverer.deliver(TARGET, "{}", (a, f, d) -> Uni.createFrom().voidItem(),
                attempt -> {
                    guardAsked.add(attempt);
                    return Uni.createFrom().item(true);
                }).await().indefinitely();

        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(guardAsked).containsExactly(2, 3);
    }

    @Test
    void aGuardSayingNoStopsBeforeTheNextRequestAndTheResultIsAbandonedNotExhausted() {
        answers.add(SendResult.retryable("http_500", "HTTP 500", null));
        answers.add(SendResult.ok());

        Deliverer.Result result = deliverer.deliver(TARGET, "{}", (a, f, d) -> Uni.createFrom().voidItem(),
                attempt -> Uni.createFrom().item(false)).await().indefinitely();

        assertThat(requests).isEqualTo(1);
        assertThat(result.abandoned()).isTrue();
        assertThat(result.exhausted()).isFalse();
        assertThat(result.delivered()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
    }
}
