package io.vigil.collector.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CollectorLivenessCheckTest {

    private static final Instant LAST = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @Test
    void liveWithinThreeIntervalsOfTheLastSnapshot() {
        assertThat(CollectorLivenessCheck.isLive(LAST, LAST.plusSeconds(30), INTERVAL)).isTrue();
    }

    @Test
    void deadAfterThreeMissedIntervals() {
        assertThat(CollectorLivenessCheck.isLive(LAST, LAST.plusSeconds(31), INTERVAL)).isFalse();
    }
}
