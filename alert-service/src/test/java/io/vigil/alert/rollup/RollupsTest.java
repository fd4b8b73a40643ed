package io.vigil.alert.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Samples gathered per series and minute, and minutes combined into steps. */
class RollupsTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private final Rollups rollups = new Rollups();

    @Test
    void samplesOfOneSeriesAndMinuteCombineIntoMinAvgMaxAndTheLastByTime() {
        rollups.add(batch("web-1", 5, cpu(0.2)));
        rollups.add(batch("web-1", 50, cpu(0.6)));
        rollups.add(batch("web-1", 20, cpu(0.9)));

        List<MinuteRollup> out = rollups.drain();

        assertThat(out).hasSize(1);
        MinuteRollup r = out.get(0);
        assertThat(r.minute()).isEqualTo(T);
        assertThat(r.labels()).isEqualTo(Map.of("host", "web-1"));
        assertThat(r.min()).isEqualTo(0.2);
        assertThat(r.max()).isEqualTo(0.9);
        assertThat(r.avg()).isCloseTo(1.7 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.count()).isEqualTo(3);
        // The sample taken last (second 50) is the last value, whatever the order of arrival.
        assertThat(r.last()).isEqualTo(0.6);
        assertThat(rollups.size()).isZero();
    }

    @Test
    void minutesHostsAndLabelsAreSeparateSeriesAndNonFiniteValuesAreLeftOut() {
        rollups.add(batch("web-1", 0, cpu(1)));
        rollups.add(batch("web-1", 60, cpu(2)));
        rollups.add(batch("web-2", 0, cpu(3)));
        int left = rollups.add(batch("web-1", 0, new MetricSample("fs_used_ratio", Map.of("mount", "/"), 0.5),
                MetricSample.of("fs_used_ratio", Double.NaN)));

        assertThat(left).isEqualTo(1);
        assertThat(rollups.drain()).extracting(r -> r.metric() + r.labels() + r.minute().getEpochSecond())
                .containsExactlyInAnyOrder(
                        "cpu" + Map.of("host", "web-1") + T.getEpochSecond(),
                        "cpu" + Map.of("host", "web-1") + T.plusSeconds(60).getEpochSecond(),
                        "cpu" + Map.of("host", "web-2") + T.getEpochSecond(),
                        "fs_used_ratio" + Map.of("host", "web-1", "mount", "/") + T.getEpochSecond());
    }

    @Test
    void aRestoredWriteIsAddedToWhatCameMeanwhile() {
        rollups.add(batch("web-1", 10, cpu(4)));
        List<MinuteRollup> failed = rollups.drain();
        rollups.add(batch("web-1", 30, cpu(2)));

        rollups.restore(failed);

        MinuteRollup r = rollups.drain().get(0);
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.min()).isEqualTo(2);
        assertThat(r.max()).isEqualTo(4);
        assertThat(r.sum()).isEqualTo(6);
        assertThat(r.last()).isEqualTo(2);
    }

    @Test
    void aHostNamedByTheBatchOrByALabelIsOneSeries() {
        rollups.add(batch("web-1", 0, cpu(1)));
        rollups.add(batch("relay", 10, MetricSample.of("cpu", 3, "host", "web-1")));

        List<MinuteRollup> out = rollups.drain();

        assertThat(out).hasSize(1);
        assertThat(out.get(0).labels()).isEqualTo(Map.of("host", "web-1"));
        assertThat(out.get(0).count()).isEqualTo(2);
        assertThat(out.get(0).last()).isEqualTo(3);
    }

    @Test
    void rowsComeInWriteOrderByMetricMinuteAndSortedLabels() {
        rollups.add(batch("web-2", 60, cpu(1), MetricSample.of("aaa", 1)));
        rollups.add(batch("web-1", 60, cpu(1)));
        rollups.add(batch("web-2", 0, cpu(1), new MetricSample("cpu", Map.of("core", "1"), 1)));

        assertThat(rollups.drain()).extracting(r -> r.metric() + " " + r.minute().getEpochSecond() % 3600 + " "
                + new TreeMap<>(r.labels())).containsExactly(
                        "aaa 60 {host=web-2}",
                        "cpu 0 {core=1, host=web-2}",
                        "cpu 0 {host=web-2}",
                        "cpu 60 {host=web-1}",
                        "cpu 60 {host=web-2}");
    }

    @Test
    void aSeriesWithoutSamplesBetweenTwoDrainsIsForgottenAndComesBackWithTheNextSample() {
        rollups.add(batch("web-1", 0, cpu(1)));
        rollups.add(batch("web-2", 0, cpu(1)));
        rollups.drain();
        rollups.add(batch("web-1", 70, cpu(2)));

        assertThat(rollups.drain()).hasSize(1);
        assertThat(rollups.series()).isEqualTo(1);

        rollups.drain();
        assertThat(rollups.series()).isZero();

        rollups.add(batch("web-2", 80, cpu(5)));
        List<MinuteRollup> out = rollups.drain();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labels()).isEqualTo(Map.of("host", "web-2"));
        assertThat(out.get(0).sum()).isEqualTo(5);
    }

    @Test
    void aRestoredWriteOfAForgottenSeriesAndOlderMinutesIsWrittenAgain() {
        rollups.add(batch("web-1", 0, cpu(1)));
        rollups.add(batch("web-1", 60, cpu(2)));
        List<MinuteRollup> failed = rollups.drain();
        rollups.drain();
        rollups.add(batch("web-1", 120, cpu(3)));

        rollups.restore(failed);

        assertThat(rollups.size()).isEqualTo(3);
        assertThat(rollups.drain()).extracting(r -> r.minute().getEpochSecond() - T.getEpochSecond(), MinuteRollup::sum)
                .containsExactly(tuple(0L, 1.0), tuple(60L, 2.0), tuple(120L, 3.0));
    }

    @Test
    void stepsCombineMinutesWeightingTheAverageBySamples() {
        // Minute 0: 1 sample of 10; minute 1: 3 samples of 2, 4, 6 (avg 4); minute 2: one of 100.
        rollups.add(batch("web-1", 0, cpu(10)));
        rollups.add(batch("web-1", 60, cpu(2)));
        rollups.add(batch("web-1", 70, cpu(6)));
        rollups.add(batch("web-1", 80, cpu(4)));
        rollups.add(batch("web-1", 120, cpu(100)));
        List<MinuteRollup> minutes = rollups.drain();
        minutes.sort(Comparator.comparing(MinuteRollup::minute));

        List<Steps.Series> series = new Steps(T.plusSeconds(15), T.plusSeconds(180), Duration.ofMinutes(2))
                .combine(minutes);

        assertThat(series).hasSize(1);
        assertThat(series.get(0).points()).containsExactly(
                new Steps.Point(T, 2, 22.0 / 4, 10, 4, 4),
                new Steps.Point(T.plusSeconds(120), 100, 100, 100, 100, 1));
    }

    @Test
    void stepsLeaveOutMinutesOutsideTheRangeAndCountPoints() {
        rollups.add(batch("web-1", 0, cpu(1)));
        rollups.add(batch("web-1", 300, cpu(2)));
        Steps steps = new Steps(T.plusSeconds(60), T.plusSeconds(300), Duration.ofMinutes(1));

        assertThat(steps.combine(rollups.drain())).isEmpty();
        assertThat(steps.points()).isEqualTo(4);
        assertThat(new Steps(T, T.plusSeconds(301), Duration.ofMinutes(5)).points()).isEqualTo(2);
        assertThat(Steps.smallestStep(T, T.plus(Duration.ofDays(15)), 1440)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Steps.smallestStep(T, T.plusSeconds(600), 1440)).isEqualTo(Duration.ofMinutes(1));
    }

    private static MetricSample cpu(double value) {
        return MetricSample.of("cpu", value);
    }

    private static MetricBatch batch(String host, int second, MetricSample... samples) {
        return MetricBatch.of(SOURCE, host, T.plusSeconds(second), List.of(samples));
    }
}
