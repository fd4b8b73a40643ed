package io.vigil.alert.lifecycle;

import static io.vigil.alert.lifecycle.FlapDetector.Verdict.FLAPPING;
import static io.vigil.alert.lifecycle.FlapDetector.Verdict.NORMAL;
import static io.vigil.alert.lifecycle.FlapDetector.Verdict.STARTED_FLAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.Flapping;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlapDetectorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /** More than 3 changes within 10 minutes. */
    private final FlapDetector flaps = new FlapDetector(new Flapping(3, Duration.ofMinutes(10)));

    private static Instant minute(double m) {
        return T0.plusMillis((long) (m * 60_000));
    }

    @Test
    void theChangeThatCrossesTheLimitStartsFlappingThenItStaysQuietUntilStable() {
        assertThat(flaps.change(minute(0))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(1))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(2))).isEqualTo(NORMAL);
        assertThat(flaps.isFlapping()).isFalse();

        assertThat(flaps.change(minute(3))).isEqualTo(STARTED_FLAPPING);
        assertThat(flaps.isFlapping()).isTrue();
        assertThat(flaps.change(minute(4))).isEqualTo(FLAPPING);
        assertThat(flaps.change(minute(5))).isEqualTo(FLAPPING);

        assertThat(flaps.stableAt(minute(14.99))).as("changed 9.99 minutes ago").isFalse();
        assertThat(flaps.stableAt(minute(15))).as("a whole window without change").isTrue();
        assertThat(flaps.isFlapping()).isFalse();
        assertThat(flaps.stableAt(minute(16))).as("said once").isFalse();

        assertThat(flaps.change(minute(16))).isEqualTo(NORMAL);
    }

    @Test
    void changesSpreadOverMoreThanAWindowAreNotFlapping() {
        assertThat(flaps.change(minute(0))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(4))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(8))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(12))).as("4 changes, but over 12 minutes").isEqualTo(NORMAL);

        assertThat(flaps.change(minute(13))).as("4..13: 4 changes within 9 minutes").isEqualTo(STARTED_FLAPPING);
    }

    @Test
    void changesExactlyOneWindowApartAreNotWithinIt() {
        flaps.change(minute(0));
        flaps.change(minute(1));
        flaps.change(minute(2));

        assertThat(flaps.change(minute(10))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(10.5))).as("1..10.5").isEqualTo(STARTED_FLAPPING);
    }

    @Test
    void aSteadyTrickleOfChangesNeverFlaps() {
        for (int i = 0; i < 1000; i++) {
            assertThat(flaps.change(minute(i * 5))).isEqualTo(NORMAL);
        }
    }

    @Test
    void changesWhileFlappingPutOffStability() {
        flaps.change(minute(0));
        flaps.change(minute(1));
        flaps.change(minute(2));
        flaps.change(minute(3));

        assertThat(flaps.change(minute(12))).isEqualTo(FLAPPING);
        assertThat(flaps.stableAt(minute(21))).isFalse();
        assertThat(flaps.stableAt(minute(22))).isTrue();
    }

    @Test
    void aNewEpisodeNeedsAFreshRunOfChanges() {
        for (int m = 0; m <= 5; m++) {
            flaps.change(minute(m));
        }
        assertThat(flaps.stableAt(minute(15))).isTrue();

        assertThat(flaps.change(minute(16))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(17))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(18))).isEqualTo(NORMAL);
        assertThat(flaps.change(minute(19))).isEqualTo(STARTED_FLAPPING);
    }

    @Test
    void aSeriesThatNeverFlappedIsNotReportedStable() {
        flaps.change(minute(0));

        assertThat(flaps.stableAt(minute(60))).isFalse();
    }

    @Test
    void aChangeStampedBeforeThePreviousOneCountsAtThePreviousTime() {
        flaps.change(minute(5));
        flaps.change(minute(6));
        flaps.change(minute(1));

        assertThat(flaps.change(minute(7))).as("5, 6, 6, 7").isEqualTo(STARTED_FLAPPING);
        assertThat(flaps.stableAt(minute(16.9))).isFalse();
    }

    @Test
    void aRestoredFlappingSeriesStaysQuietUntilStable() {
        flaps.restoreFlapping(minute(0));

        assertThat(flaps.isFlapping()).isTrue();
        assertThat(flaps.change(minute(2))).isEqualTo(FLAPPING);
        assertThat(flaps.stableAt(minute(11))).isFalse();
        assertThat(flaps.stableAt(minute(12))).isTrue();
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new FlapDetector(new Flapping(0, Duration.ofMinutes(10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changes must be at least 1");
        assertThatThrownBy(() -> new FlapDetector(new Flapping(3, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive");
    }
}
