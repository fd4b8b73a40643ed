package io.vigil.test.mattermost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic on a made-up clock, so that exact values can be checked without waiting. */
class GcraTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void letsBurstPlusOneThroughAtOnceThenRefusesUntilOneIntervalHasPassed() {
        Gcra gcra = new Gcra(2, 3);
        long t0 = 42 * SECOND;

        for (int i = 0; i < 4; i++) {
            Gcra.Decision d = gcra.take(t0);
            assertThat(d.limited()).isFalse();
            assertThat(d.limit()).isEqualTo(4);
            assertThat(d.remaining()).isEqualTo(3 - i);
            assertThat(d.retryAfterNanos()).isEqualTo(-1);
        }
        Gcra.Decision refused = gcra.take(t0 + 100 * MS);

        assertThat(refused.limited()).isTrue();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterNanos()).isEqualTo(400 * MS);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.resetSeconds()).isEqualTo(2);
        assertThat(gcra.take(t0 + 499 * MS).limited()).isTrue();
        assertThat(gcra.take(t0 + 500 * MS).limited()).isFalse();
        assertThat(gcra.take(t0 + 500 * MS).limited()).isTrue();
    }

    @Test
    void aRefusedRequestCostsNothing() {
        Gcra gcra = new Gcra(1, 0);
        assertThat(gcra.take(0).limited()).isFalse();
        for (long t = 1; t < SECOND; t += 10 * MS) {
            assertThat(gcra.take(t).limited()).isTrue();
        }

        assertThat(gcra.take(SECOND).limited()).isFalse();
    }

    @Test
    void noOneSecondWindowHoldsMoreThanBurstPlusTheRate() {
        int perSecond = 5;
        int burst = 3;
        Gcra gcra = new Gcra(perSecond, burst);
        List<Long> accepted = new ArrayList<>();
        // A client ten times too fast, with idle gaps that let the bucket refill.
        for (long t = 0; t < 20 * SECOND; t += 20 * MS) {
            if ((t / SECOND) % 4 == 3) {
                continue;
            }
            if (!gcra.take(t).limited()) {
                accepted.add(t);
            }
        }

        int most = 0;
        for (int i = 0; i < accepted.size(); i++) {
            int n = 0;
            for (int j = i; j < accepted.size() && accepted.get(j) - accepted.get(i) < SECOND; j++) {
                n++;
            }
            most = Math.max(most, n);
        }
        assertThat(most).isEqualTo(perSecond + burst);
    }

    @Test
    void aFractionalRateRoundsTheIntervalUp() {
        Gcra gcra = new Gcra(3, 0);
        assertThat(gcra.take(0).limited()).isFalse();

        assertThat(gcra.take(333_333_333).limited()).isTrue();
        assertThat(gcra.take(333_333_334).limited()).isFalse();
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        Gcra gcra = new Gcra(1, 0);
        long t0 = Long.MAX_VALUE - 100 * MS;

        assertThat(gcra.take(t0).limited()).isFalse();
        assertThat(gcra.take(t0 + 500 * MS).limited()).isTrue();
        assertThat(gcra.take(t0 + SECOND).limited()).isFalse();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Gcra(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gcra(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gcra(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
