package io.vigil.alert.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** The documented example: warning above 0.85 for 5m, critical above 0.95 for 1m, clear below 0.75 for 2m. */
    private static final RuleConfig HIGH_CPU = RuleConfig.threshold("high-cpu", "host_cpu_usage_ratio", Map.of(),
            Level.above(0.85, Duration.ofMinutes(5)), Level.above(0.95, Duration.ofMinutes(1)),
            Level.below(0.75, Duration.ofMinutes(2)), "CPU on {host} at {value}");

    private static final RuleConfig NO_CLEAR = RuleConfig.threshold("disk", "host_filesystem_used_ratio", Map.of(),
            Level.above(0.9, Duration.ZERO), null, null, "disk {mount} on {host} at {value}");

    private final SeriesLifecycle cpu = new SeriesLifecycle(HIGH_CPU, "fp1", Map.of("host", "web-1"));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void staysQuietBelowEveryLevel() {
        assertThat(cpu.observe(0.5, at(0))).isEmpty();
        assertThat(cpu.isOpen()).isFalse();
    }

    @Test
    void goesPendingThenFiresWarningOnceTheForDurationHeld() {
        Transition pending = cpu.observe(0.9, at(0)).orElseThrow();
        assertThat(pending.to()).isEqualTo(AlertState.PENDING);
        assertThat(pending.notificationKind()).isEmpty();

        assertThat(cpu.observe(0.9, at(299))).isEmpty();

        Transition firing = cpu.observe(0.9, at(300)).orElseThrow();
        assertThat(firing.from()).isEqualTo(AlertState.PENDING);
        assertThat(firing.to()).isEqualTo(AlertState.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        assertThat(firing.sequence()).isEqualTo(2);
        assertThat(firing.since()).isEqualTo(at(0));
        assertThat(firing.summary()).isEqualTo("CPU on web-1 at 0.9");
        assertThat(firing.notificationKind()).contains(NotificationKind.FIRING);
    }

    @Test
    void firesCriticalWhenAboveThresholdForDuration() {
        cpu.observe(0.97, at(0));

        Transition firing = cpu.observe(0.97, at(60)).orElseThrow();

        assertThat(firing.to()).isEqualTo(AlertState.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void pendingThatStopsBreachingResolvesWithoutNotification() {
        Transition pending = cpu.observe(0.9, at(0)).orElseThrow();

        Transition abandoned = cpu.observe(0.5, at(10)).orElseThrow();

        assertThat(abandoned.alertId()).isEqualTo(pending.alertId());
        assertThat(abandoned.to()).isEqualTo(AlertState.RESOLVED);
        assertThat(abandoned.notificationKind()).isEmpty();
        assertThat(cpu.isOpen()).isFalse();
    }

    @Test
    void escalatesFromWarningToCriticalAndBack() {
        cpu.observe(0.9, at(0));
        cpu.observe(0.9, at(300));

        assertThat(cpu.observe(0.97, at(310))).isEmpty();
        Transition up = cpu.observe(0.97, at(370)).orElseThrow();
        assertThat(up.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(up.previousSeverity()).isEqualTo(Severity.WARNING);
        assertThat(up.notificationKind()).contains(NotificationKind.SEVERITY_CHANGED);

        Transition down = cpu.observe(0.9, at(380)).orElseThrow();
        assertThat(down.severity()).isEqualTo(Severity.WARNING);
        assertThat(down.notificationKind()).contains(NotificationKind.SEVERITY_CHANGED);
    }

    @Test
    void hysteresisKeepsFiringBetweenClearAndFiringLevels() {
        cpu.observe(0.9, at(0));
        cpu.observe(0.9, at(300));

        assertThat(cpu.observe(0.8, at(310))).isEmpty();
        assertThat(cpu.observe(0.8, at(1000))).as("0.8 is above clear 0.75: still firing").isEmpty();
        assertThat(cpu.isOpen()).isTrue();
    }

    @Test
    void resolvesOnlyAfterClearHeldForItsDuration() {
        cpu.observe(0.9, at(0));
        cpu.observe(0.9, at(300));

        assertThat(cpu.observe(0.7, at(400))).isEmpty();
        assertThat(cpu.observe(0.8, at(450))).as("back in the band: clear timer restarts").isEmpty();
        assertThat(cpu.observe(0.7, at(500))).isEmpty();
        assertThat(cpu.observe(0.7, at(619))).isEmpty();

        Transition resolved = cpu.observe(0.7, at(620)).orElseThrow();
        assertThat(resolved.to()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.from()).isEqualTo(AlertState.FIRING);
        assertThat(resolved.sequence()).isEqualTo(3);
        assertThat(resolved.notificationKind()).contains(NotificationKind.RESOLVED);
    }

    @Test
    void withoutClearLevelResolvesAsSoonAsNoLevelHolds() {
        SeriesLifecycle disk = new SeriesLifecycle(NO_CLEAR, "fp2", Map.of("host", "db", "mount", "/"));
        Transition firing = disk.observe(0.95, at(0)).orElseThrow();
        assertThat(firing.from()).isNull();
        assertThat(firing.to()).isEqualTo(AlertState.FIRING);
        assertThat(firing.summary()).isEqualTo("disk / on db at 0.95");

        Transition resolved = disk.observe(0.85, at(10)).orElseThrow();
        assertThat(resolved.to()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aNewIncidentAfterResolveIsANewAlert() {
        SeriesLifecycle disk = new SeriesLifecycle(NO_CLEAR, "fp2", Map.of("host", "db"));
        Transition first = disk.observe(0.95, at(0)).orElseThrow();
        disk.observe(0.5, at(10));

        Transition second = disk.observe(0.95, at(20)).orElseThrow();

        assertThat(second.alertId()).isNotEqualTo(first.alertId());
        assertThat(second.sequence()).isEqualTo(1);
    }

    @Test
    void olderSamplesAreIgnored() {
        SeriesLifecycle disk = new SeriesLifecycle(NO_CLEAR, "fp2", Map.of("host", "db"));
        disk.observe(0.95, at(10));

        assertThat(disk.observe(0.1, at(5))).isEmpty();
        assertThat(disk.isOpen()).isTrue();
    }

    @Test
    void restoredFiringAlertDoesNotFireAgainButResolves() {
        SeriesLifecycle restored = new SeriesLifecycle(NO_CLEAR, "fp2", Map.of("host", "db"));
        OpenAlert open = new OpenAlert(java.util.UUID.randomUUID(), "fp2", "disk", Map.of("host", "db"),
                AlertState.FIRING, Severity.WARNING, 1, at(0), at(0), 0.95, "disk full");
        restored.restore(open);

        assertThat(restored.observe(0.95, at(30))).isEmpty();
        Optional<Transition> resolved = restored.observe(0.5, at(40));

        assertThat(resolved).get().extracting(Transition::alertId, Transition::sequence, Transition::to)
                .containsExactly(open.alertId(), 2L, AlertState.RESOLVED);
    }
}
