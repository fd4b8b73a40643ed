package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearFitTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final double GB = 1e9;

    private record Point(Instant at, double value) {
    }

    private static double predicted(LinearFit fit, Duration horizon) {
        return fit.predict(horizon).orElseThrow();
    }

    /** Least squares the textbook way over the given points, read {@code horizon} after the last one. */
    private static double reference(List<Point> points, Duration horizon) {
        Instant last = points.get(points.size() - 1).at();
        double n = points.size();
        double meanT = 0;
        double meanV = 0;
        for (Point p : points) {
            meanT += seconds(last, p.at()) / n;
            meanV += p.value() / n;
        }
        double cov = 0;
        double var = 0;
        for (Point p : points) {
            double dt = seconds(last, p.at()) - meanT;
            cov += dt * (p.value() - meanV);
            var += dt * dt;
        }
        return meanV + cov / var * (horizon.toNanos() / 1e9 - meanT);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    @Test
    void anExactLineIsPredictedExactly() {
        LinearFit fit = new LinearFit(Duration.ofHours(1));
        for (int s = 0; s <= 600; s += 10) {
            fit.add(T0.plusSeconds(s), 100 + 2.0 * s);
        }

        assertThat(fit.points()).isEqualTo(61);
        assertThat(predicted(fit, Duration.ZERO)).isCloseTo(1300, within(1e-9));
        assertThat(predicted(fit, Duration.ofMinutes(5))).isCloseTo(1900, within(1e-9));
        assertThat(predicted(fit, Duration.ofSeconds(-600))).as("backwards too").isCloseTo(100, within(1e-9));
    }

    @Test
    void aConstantSeriesStaysExactlyFlat() {
        LinearFit fit = new LinearFit(Duration.ofHours(6));
        for (int s = 0; s < 7200; s += 15) {
            fit.add(T0.plusSeconds(s), 0.1);
        }

        assertThat(predicted(fit, Duration.ofDays(30))).isEqualTo(0.1);
    }

    @Test
    void matchesTextbookLeastSquaresOnNoisyData() {
        Random random = new Random(42);
        LinearFit fit = new LinearFit(Duration.ofHours(1));
        List<Point> points = new ArrayList<>();
        Instant at = T0;
        for (int i = 0; i < 1000; i++) {
            at = at.plusMillis(500 + random.nextInt(2500));
            double value = 50 - 0.01 * Duration.between(T0, at).toSeconds() + random.nextGaussian() * 5;
            points.add(new Point(at, value));
            fit.add(at, value);
        }
        assertThat(Duration.between(T0, at)).as("all within the window").isLessThan(Duration.ofHours(1));

        for (Duration horizon : List.of(Duration.ZERO, Duration.ofMinutes(10), Duration.ofHours(4))) {
            double expected = reference(points, horizon);
            assertThat(predicted(fit, horizon)).as("horizon %s", horizon)
                    .isCloseTo(expected, within(Math.abs(expected) * 1e-9 + 1e-9));
        }
    }

    @Test
    void fitsExactlyThePointsOfTheBucketsStillKept() {
        // White box on purpose: the kept points are those of the 64 buckets of window/64 (aligned to
        // the epoch) before the newest sample's bucket, plus that one.
        Duration window = Duration.ofMinutes(64);
        long width = window.toNanos() / 64;
        Random random = new Random(7);
        LinearFit fit = new LinearFit(window);
        List<Point> all = new ArrayList<>();
        for (int s = 0; s < 3 * 3600; s += 7) {
            double value = Math.sin(s / 900.0) * 100 + random.nextGaussian();
            all.add(new Point(T0.plusSeconds(s), value));
            fit.add(T0.plusSeconds(s), value);
        }
        long newestBucket = Math.floorDiv(nanos(all.get(all.size() - 1).at()), width);
        List<Point> kept = all.stream().filter(p -> Math.floorDiv(nanos(p.at()), width) >= newestBucket - 64).toList();

        assertThat(fit.points()).isEqualTo(kept.size());
        Duration horizon = Duration.ofMinutes(30);
        assertThat(predicted(fit, horizon)).isCloseTo(reference(kept, horizon), within(1e-6));
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    @Test
    void forgetsSamplesOnceTheyHaveLeftTheWindow() {
        LinearFit fit = new LinearFit(Duration.ofHours(1));
        // Rising for an hour, then falling for two: after the fall has filled the window, only it counts.
        for (int s = 0; s < 3600; s += 15) {
            fit.add(T0.plusSeconds(s), s);
        }
        for (int s = 3600; s <= 3 * 3600; s += 15) {
            fit.add(T0.plusSeconds(s), 5000 - s);
        }

        assertThat(predicted(fit, Duration.ofMinutes(10))).isCloseTo(5000 - (3 * 3600 + 600), within(1e-6));
        // 3600 s of samples every 15 s, plus at most one bucket (56.25 s) older.
        assertThat(fit.points()).isBetween(3600 / 15 + 1, (3600 + 57) / 15 + 1);
    }

    @Test
    void aGapLongerThanTheWindowLeavesOnlyTheNewSample() {
        LinearFit fit = new LinearFit(Duration.ofMinutes(10));
        fit.add(T0, 1);
        fit.add(T0.plusSeconds(60), 2);
        assertThat(fit.predict(Duration.ZERO)).isPresent();

        fit.add(T0.plus(Duration.ofHours(5)), 3);

        assertThat(fit.points()).isEqualTo(1);
        assertThat(fit.predict(Duration.ZERO)).isEmpty();
    }

    @Test
    void needsTwoPointsAtDifferentTimes() {
        LinearFit fit = new LinearFit(Duration.ofMinutes(10));
        assertThat(fit.predict(Duration.ZERO)).as("no points").isEmpty();

        fit.add(T0, 1);
        assertThat(fit.predict(Duration.ZERO)).as("one point").isEmpty();

        fit.add(T0, 2);
        fit.add(T0, 3);
        assertThat(fit.points()).isEqualTo(3);
        assertThat(fit.predict(Duration.ZERO)).as("three points, one time").isEmpty();

        fit.add(T0.plusSeconds(10), 4);
        // Least squares through (0,1), (0,2), (0,3), (10,4): slope 0.2, through the mean (2.5, 2.5).
        assertThat(predicted(fit, Duration.ZERO)).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void ignoresNonFiniteValuesAndOlderSamples() {
        LinearFit fit = new LinearFit(Duration.ofMinutes(10));
        fit.add(T0, 0);
        fit.add(T0.plusSeconds(10), 10);

        fit.add(T0.plusSeconds(20), Double.NaN);
        fit.add(T0.plusSeconds(20), Double.POSITIVE_INFINITY);
        fit.add(T0.plusSeconds(20), Double.NEGATIVE_INFINITY);
        fit.add(T0.plusSeconds(5), 1000);

        assertThat(fit.points()).isEqualTo(2);
        assertThat(predicted(fit, Duration.ofSeconds(10))).isCloseTo(20, within(1e-12));
    }

    @Test
    void aDiskFillingAtOneGigabyteAnHourWithTenFreeRunsOutWithinADay() {
        // predict_linear(host_filesystem_free_bytes[6h], 5h / 24h), sampled every second.
        LinearFit fit = new LinearFit(Duration.ofHours(6));
        Random random = new Random(1);
        int sixHours = 6 * 3600;
        for (int s = 0; s <= sixHours; s++) {
            double free = 16 * GB - GB * s / 3600.0 + random.nextGaussian() * 5e6;
            fit.add(T0.plusSeconds(s), free);
        }

        double in5h = predicted(fit, Duration.ofHours(5));
        double in24h = predicted(fit, Duration.ofHours(24));

        assertThat(in5h).isPositive().isCloseTo(5 * GB, within(0.01 * GB));
        assertThat(in24h).isNegative().isCloseTo(-14 * GB, within(0.01 * GB));
    }

    @Test
    void staysPreciseWithEpochMillisecondTimesAndTerabyteValues() {
        // Raw epoch seconds squared (3e18) times 1e12-byte values leave no significant digit of the
        // slope in a double; relative sums keep it to the byte.
        LinearFit fit = new LinearFit(Duration.ofHours(6));
        Instant start = Instant.ofEpochMilli(1_795_000_000_123L);
        double rate = 277_777.777;   // bytes per second, 1 GB/h
        Instant last = start;
        for (int s = 0; s <= 6 * 3600; s += 10) {
            last = start.plusMillis(s * 1000L + (s * 37L) % 1000);
            fit.add(last, 1.2e12 - rate * seconds(start, last));
        }

        double expected = 1.2e12 - rate * (seconds(start, last) + 3600);
        assertThat(predicted(fit, Duration.ofHours(1))).isCloseTo(expected, within(1.0));
    }

    @Test
    void refusesAWindowThatIsNotPositive() {
        assertThatThrownBy(() -> new LinearFit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> new LinearFit(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
