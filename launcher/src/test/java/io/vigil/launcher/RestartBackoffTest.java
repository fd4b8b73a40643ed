package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private static final long S = 1_000_000_000L;

    private final RestartBackoff backoff = new RestartBackoff();

    @Test
    void doublesFromOneSecondAndStopsAtSixty() {
        long now = 0;
        StringBuilder delays = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            delays.append(backoff.failed(now += S).toSeconds()).append(' ');
        }

        assertThat(delays.toString().trim()).isEqualTo("1 2 4 8 16 32 60 60 60");
        assertThat(backoff.restarts()).isEqualTo(9);
    }

    @Test
    void aFailureSoonAfterBeingReadyKeepsDoubling() {
        backoff.failed(0);
        backoff.ready(2 * S);
        backoff.failed(10 * S);
        backoff.ready(13 * S);

        Duration third = backoff.failed(13 * S + RestartBackoff.STABLE_AFTER.toNanos() - 1);

        assertThat(third).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void stayingReadyForAMinuteStartsTheScheduleAgainButKeepsCountingRestarts() {
        backoff.failed(0);
        backoff.failed(S);
        backoff.failed(3 * S);
        backoff.ready(10 * S);

        Duration next = backoff.failed(10 * S + RestartBackoff.STABLE_AFTER.toNanos());

        assertThat(next).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.restarts()).isEqualTo(4);
    }

    @Test
    void aServiceThatNeverBecameReadyAgainIsNotStable() {
        backoff.ready(0);
        backoff.failed(100 * S); // stable: counts as the first
        Duration second = backoff.failed(300 * S); // not ready in between: keeps doubling

        assertThat(second).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void manyFailuresNeverOverflow() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 200; i++) {
            last = backoff.failed(i);
        }

        assertThat(last).isEqualTo(RestartBackoff.MAX);
    }

    @Test
    void refusesANonsensicalSchedule() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
