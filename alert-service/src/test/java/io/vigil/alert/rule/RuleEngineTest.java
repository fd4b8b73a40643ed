package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Summary;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final RuleEngine evaluator = new RuleEngine(List.of(
            RuleConfig.threshold("root-full", "host_filesystem_used_ratio", Map.of("mount", "/"),
                    Level.above(0.9, Duration.ZERO), null, null, "{mount} full on {host}"),
            RuleConfig.threshold("low-memory", "host_memory_available_bytes", Map.of(),
                    null, Level.below(1000, Duration.ZERO), null, "memory low on {host}")));

    private static MetricBatch batch(String host, int second, MetricSample... samples) {
        return MetricBatch.of(SOURCE, host, T0.plusSeconds(second), List.of(samples));
    }

    @Test
    void labelMatchersSelectSeries() {
        List<Transition> t = evaluator.evaluate(batch("web-1", 0,
                MetricSample.of("host_filesystem_used_ratio", 0.95, "mount", "/"),
                MetricSample.of("host_filesystem_used_ratio", 0.99, "mount", "/boot")));

        assertThat(t).singleElement().satisfies(tr -> {
            assertThat(tr.rule()).isEqualTo("root-full");
            assertThat(tr.labels()).containsEntry("mount", "/").containsEntry("host", "web-1");
            assertThat(tr.to()).isEqualTo(AlertState.FIRING);
        });
    }

    @Test
    void eachHostIsItsOwnAlert() {
        List<Transition> a = evaluator.evaluate(batch("a", 0, MetricSample.of("host_memory_available_bytes", 10)));
        List<Transition> b = evaluator.evaluate(batch("b", 0, MetricSample.of("host_memory_available_bytes", 10)));

        assertThat(a.get(0).fingerprint()).isNotEqualTo(b.get(0).fingerprint());
        assertThat(evaluator.trackedSeries()).isEqualTo(2);
    }

    @Test
    void samePointTwiceFiresOnce() {
        evaluator.evaluate(batch("a", 0, MetricSample.of("host_memory_available_bytes", 10)));

        assertThat(evaluator.evaluate(batch("a", 10, MetricSample.of("host_memory_available_bytes", 10)))).isEmpty();
    }

    @Test
    void resolvedSeriesAreForgottenOnceTheFlapWindowHasPassed() {
        evaluator.evaluate(batch("a", 0, MetricSample.of("host_memory_available_bytes", 10)));
        List<Transition> t = evaluator.evaluate(batch("a", 10, MetricSample.of("host_memory_available_bytes", 5000)));

        assertThat(t).singleElement().extracting(Transition::to).isEqualTo(AlertState.RESOLVED);
        // Kept for flap detection (default window 30m), then dropped by a tick.
        assertThat(evaluator.trackedSeries()).isEqualTo(1);
        evaluator.tick(T0.plus(Duration.ofMinutes(31)), new Output());
        assertThat(evaluator.trackedSeries()).isZero();
    }

    @Test
    void quietSeriesCostNoState() {
        evaluator.evaluate(batch("a", 0, MetricSample.of("host_memory_available_bytes", 5000),
                MetricSample.of("host_filesystem_used_ratio", 0.5, "mount", "/")));

        assertThat(evaluator.trackedSeries()).isZero();
    }

    @Test
    void fingerprintIgnoresLabelOrderButNotValues() {
        assertThat(Fingerprint.of("r", Map.of("a", "1", "b", "2"))).isEqualTo(Fingerprint.of("r", Map.of("b", "2", "a", "1")));
        assertThat(Fingerprint.of("r", Map.of("a", "1"))).isNotEqualTo(Fingerprint.of("r", Map.of("a", "2")));
        assertThat(Fingerprint.of("r", Map.of("a", "1"))).isNotEqualTo(Fingerprint.of("s", Map.of("a", "1")));
    }

    @Test
    void summaryFormatsValuesCompactly() {
        assertThat(Summary.render("{value}", "r", "critical", 0.973156, Map.of())).isEqualTo("0.9732");
        assertThat(Summary.render("{value}", "r", "critical", 16777216, Map.of())).isEqualTo("16777216");
        assertThat(Summary.render("{rule} {nope} {value}", "r", "critical", 1.5, Map.of())).isEqualTo("r {nope} 1.5");
    }

    @Test
    void restoredAlertOfARemovedRuleIsResolvedWithTheReason() {
        OpenAlert gone = new OpenAlert(java.util.UUID.randomUUID(), "fp", "old-rule", Map.of("host", "a"),
                AlertState.FIRING, io.vigil.events.Severity.WARNING, 3, T0, T0.plusSeconds(5), 0.9, "old summary");

        List<Transition> resolved = evaluator.restore(List.of(gone), T0.plusSeconds(60));

        assertThat(resolved).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.from()).isEqualTo(AlertState.FIRING);
            assertThat(t.sequence()).isEqualTo(4);
            assertThat(t.reason()).contains("old-rule");
            assertThat(t.notificationKind()).contains(io.vigil.events.NotificationKind.RESOLVED);
        });
        assertThat(evaluator.trackedSeries()).isZero();
    }

    @Test
    void restoredAlertOfAConfiguredRuleCarriesOn() {
        OpenAlert open = new OpenAlert(java.util.UUID.randomUUID(), Fingerprint.of("low-memory", Map.of("host", "a")),
                "low-memory", Map.of("host", "a"), AlertState.FIRING, io.vigil.events.Severity.CRITICAL, 1, T0, T0,
                10, "memory low on a");

        assertThat(evaluator.restore(List.of(open), T0.plusSeconds(1))).isEmpty();
        assertThat(evaluator.evaluate(batch("a", 10, MetricSample.of("host_memory_available_bytes", 10)))).isEmpty();
        assertThat(evaluator.trackedSeries()).isEqualTo(1);
    }
}
