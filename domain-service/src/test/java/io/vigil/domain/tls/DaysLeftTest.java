package io.vigil.domain.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** days_left rounds up, so that a certificate with any time left never reads as expired. */
class DaysLeftTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static long left(Duration d) {
        return DaysLeft.of(NOW, NOW.plus(d));
    }

    @Test
    void partialDaysRoundUp() {
        assertThat(left(Duration.ofDays(4).plusHours(23))).isEqualTo(5);
        assertThat(left(Duration.ofDays(5))).isEqualTo(5);
        assertThat(left(Duration.ofDays(5).plusSeconds(1))).isEqualTo(6);
        assertThat(left(Duration.ofDays(5).plusNanos(1))).isEqualTo(6);
        assertThat(left(Duration.ofSeconds(1))).isEqualTo(1);
    }

    @Test
    void expiredIsZeroOrLess() {
        assertThat(left(Duration.ZERO)).isZero();
        assertThat(left(Duration.ofSeconds(-1))).isZero();
        assertThat(left(Duration.ofDays(-3))).isEqualTo(-3);
        assertThat(left(Duration.ofDays(-3).minusHours(1))).isEqualTo(-3);
        assertThat(left(Duration.ofDays(-4).plusHours(1))).isEqualTo(-3);
    }

    @Test
    void daysAgoRoundsDown() {
        assertThat(DaysLeft.ago(NOW, NOW.minus(Duration.ofHours(5)))).isZero();
        assertThat(DaysLeft.ago(NOW, NOW.minus(Duration.ofDays(3).plusHours(23)))).isEqualTo(3);
        assertThat(DaysLeft.ago(NOW, NOW.plus(Duration.ofDays(1)))).as("not expired").isZero();
    }
}
