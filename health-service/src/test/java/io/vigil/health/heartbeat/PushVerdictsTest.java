package io.vigil.health.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.HeartbeatCheck;
import io.vigil.events.HealthStatus;
import io.vigil.health.heartbeat.DuplicatiReport.Result;
import io.vigil.health.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushVerdictsTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofHours(2);

    /** A nightly job: DOWN when nothing for 24h + 2h = 26h. */
    private static final HeartbeatCheck NIGHTLY = new HeartbeatCheck(false, DAY, GRACE, null, false);
    private static final HeartbeatCheck BACKUP = new HeartbeatCheck(true, DAY, GRACE, null, false);
    private static final HeartbeatCheck STRICT_BACKUP = new HeartbeatCheck(true, DAY, GRACE, null, true);

    private static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    private static Duration h(long hours, long minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    private static DuplicatiReport report(Result result, List<String> warnings, List<String> errors) {
        return new DuplicatiReport(result, "Backup", "nas01 photos", T0.minusSeconds(891), T0,
                Duration.ofSeconds(891, 208_000_000), 412_316_860_416L, 734_003_200L, warnings.size(), errors.size(),
                warnings, errors);
    }

    private static DuplicatiReport success() {
        return report(Result.SUCCESS, List.of(), List.of());
    }

    private static ProbeResult judged(HeartbeatCheck check, PushState state, Instant watchingSince, Instant now) {
        return PushVerdicts.verdict(check, state, watchingSince, now).orElseThrow();
    }

    // ------------------------------------------------------------ heartbeat

    @Test
    void aNewCheckSaysNothingUntilTheDeadlineHasPassed() {
        // Given a check watched since T0 that never got a call
        Optional<ProbeResult> verdict = PushVerdicts.verdict(NIGHTLY, PushState.NONE, T0, at(h(26, 0)));

        // Then there is no verdict yet, not even at the deadline itself
        assertThat(verdict).isEmpty();
    }

    @Test
    void aCheckNeverCalledIsDownOnceTheDeadlinePassed() {
        ProbeResult verdict = judged(NIGHTLY, PushState.NONE, T0, at(h(26, 5)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message())
                .isEqualTo("no heartbeat since watching began 26h 5m ago (period 24h + grace 2h)");
    }

    @Test
    void aRecentHeartbeatIsUp() {
        PushState state = PushState.NONE.afterPing(T0);

        ProbeResult verdict = judged(NIGHTLY, state, T0, at(h(0, 3)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.UP);
        assertThat(verdict.message()).isEqualTo("last heartbeat 3m ago");
        assertThat(verdict.details()).containsEntry("last_ping_at", "2026-11-21T10:00:00Z")
                .containsEntry("deadline_seconds", "93600");
        assertThat(verdict.latencyMillis()).isZero();
    }

    @Test
    void aHeartbeatExactlyAtTheDeadlineIsStillUp() {
        PushState state = PushState.NONE.afterPing(T0);

        assertThat(judged(NIGHTLY, state, T0, at(h(26, 0))).status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void aLateHeartbeatIsDownSayingHowLate() {
        PushState state = PushState.NONE.afterPing(T0);

        ProbeResult verdict = judged(NIGHTLY, state, T0, at(h(26, 5)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message()).isEqualTo("no heartbeat for 26h 5m (period 24h + grace 2h)");
    }

    @Test
    void aRestartGivesANeverCalledCheckAFreshDeadline() {
        // Given the service restarted at 30h, and the check was never called
        Instant restart = at(h(30, 0));

        // Then watching starts again at the restart
        assertThat(PushVerdicts.verdict(NIGHTLY, PushState.NONE, restart, at(h(31, 0)))).isEmpty();
        assertThat(judged(NIGHTLY, PushState.NONE, restart, at(h(56, 1))).status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void aRestartKeepsAStoredStaleHeartbeatDown() {
        // Given a stored heartbeat from T0 and a restart at 30h
        PushState stored = PushState.NONE.afterPing(T0);

        ProbeResult verdict = judged(NIGHTLY, stored, at(h(30, 0)), at(h(30, 1)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message()).isEqualTo("no heartbeat for 30h 1m (period 24h + grace 2h)");
    }

    @Test
    void heartbeatScript() {
        PushState state = PushState.NONE.afterPing(T0);
        assertThat(judged(NIGHTLY, state, T0, at(h(25, 0))).status()).isEqualTo(HealthStatus.UP);
        assertThat(judged(NIGHTLY, state, T0, at(h(27, 0))).status()).isEqualTo(HealthStatus.DOWN);

        state = state.afterPing(at(h(27, 30)));
        assertThat(judged(NIGHTLY, state, T0, at(h(27, 31))).message()).isEqualTo("last heartbeat 1m ago");
    }

    @Test
    void shortPeriodsShowSeconds() {
        HeartbeatCheck everyMinute = new HeartbeatCheck(false, Duration.ofSeconds(60), null, null, false);
        PushState state = PushState.NONE.afterPing(T0);

        ProbeResult verdict = judged(everyMinute, state, T0, T0.plusSeconds(100));

        assertThat(verdict.message()).isEqualTo("no heartbeat for 1m 40s (period 1m + grace 6s)");
    }

    // ------------------------------------------------------------ duplicati

    @Test
    void aSuccessfulBackupIsUpWithTheReportInTheDetails() {
        PushState state = PushState.NONE.after(success(), T0);

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(3, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.UP);
        assertThat(verdict.message()).isEqualTo("last backup succeeded 3h ago");
        assertThat(verdict.details())
                .containsEntry("result", "success")
                .containsEntry("operation", "Backup")
                .containsEntry("backup_name", "nas01 photos")
                .containsEntry("duration_seconds", "891")
                .containsEntry("size_bytes", "412316860416")
                .containsEntry("added_bytes", "734003200")
                .containsEntry("warnings", "0")
                .containsEntry("errors", "0")
                .containsEntry("ended_at", "2026-11-21T10:00:00Z")
                .containsEntry("last_success_at", "2026-11-21T10:00:00Z")
                .doesNotContainKey("first_error");
    }

    @Test
    void aBackupWithWarningsIsUpByDefault() {
        PushState state = PushState.NONE.after(report(Result.WARNING, List.of("Failed to process path: /a",
                "Failed to process path: /b"), List.of()), T0);

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(3, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.UP);
        assertThat(verdict.message()).isEqualTo("last backup succeeded 3h ago with 2 warnings");
        assertThat(verdict.details()).containsEntry("first_warning", "Failed to process path: /a");
    }

    @Test
    void aBackupWithWarningsIsDegradedWhenWarningsDegrade() {
        PushState state = PushState.NONE.after(report(Result.WARNING, List.of("Failed to process path: /a"),
                List.of()), T0);

        ProbeResult verdict = judged(STRICT_BACKUP, state, T0, at(h(3, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(verdict.message()).isEqualTo("last backup finished with 1 warning: Failed to process path: /a");
    }

    @Test
    void aBackupWithErrorsIsDegraded() {
        PushState state = PushState.NONE.after(success(), T0)
                .after(report(Result.ERROR, List.of(), List.of("Failed to upload", "Timeout")), at(h(1, 0)));

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(2, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(verdict.message()).isEqualTo("last backup finished with 2 errors: Failed to upload");
        assertThat(verdict.details()).containsEntry("result", "error").containsEntry("first_error", "Failed to upload");
    }

    @Test
    void aFailedBackupIsDown() {
        PushState state = PushState.NONE.after(success(), T0).after(report(Result.FATAL, List.of(),
                List.of("Found 4 files that are missing from the remote storage, please run repair")), at(h(1, 0)));

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(2, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message())
                .isEqualTo("last backup failed: Found 4 files that are missing from the remote storage, please run repair");
    }

    @Test
    void aReportWithoutAResultIsDegraded() {
        PushState state = PushState.NONE.after(report(Result.UNKNOWN, List.of(), List.of()), T0);

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(1, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(verdict.message()).startsWith("last backup report has no result");
    }

    @Test
    void anOldSuccessIsDownWhateverTheLastReportSays() {
        // Given a success at T0, then only a report with errors
        PushState state = PushState.NONE.after(success(), T0)
                .after(report(Result.ERROR, List.of(), List.of("Failed to upload")), at(h(20, 0)));

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(27, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message()).isEqualTo("last successful backup 27h ago, older than 26h");
        assertThat(verdict.details()).containsEntry("result", "error")
                .containsEntry("last_success_at", "2026-11-21T10:00:00Z");
    }

    @Test
    void aBackupThatNeverSucceededIsDownOnceTheDeadlinePassed() {
        PushState state = PushState.NONE.after(report(Result.ERROR, List.of(), List.of("Failed to upload")), T0);

        assertThat(judged(BACKUP, state, T0, at(h(25, 0))).status()).isEqualTo(HealthStatus.DEGRADED);

        ProbeResult verdict = judged(BACKUP, state, T0, at(h(26, 30)));
        assertThat(verdict.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(verdict.message()).isEqualTo("no successful backup since watching began 26h 30m ago, older than 26h");
    }

    @Test
    void plainHeartbeatsDoNotCountAsBackups() {
        // Given a duplicati check that only ever got plain pings
        PushState state = PushState.NONE.afterPing(T0).afterPing(at(h(25, 0)));

        assertThat(PushVerdicts.verdict(BACKUP, state, T0, at(h(25, 1)))).isEmpty();
        assertThat(judged(BACKUP, state, T0, at(h(26, 1))).status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void aRestartKeepsJudgingTheStoredReport() {
        // Given a stored success from T0 and a restart at 5h
        PushState stored = PushState.NONE.after(success(), T0);

        ProbeResult verdict = judged(BACKUP, stored, at(h(5, 0)), at(h(5, 1)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.UP);
        assertThat(verdict.message()).isEqualTo("last backup succeeded 5h 1m ago");
    }

    @Test
    void aStoredSuccessWithoutItsReportIsUp() {
        PushState stored = new PushState(T0, T0, null);

        ProbeResult verdict = judged(BACKUP, stored, at(h(1, 0)), at(h(2, 0)));

        assertThat(verdict.status()).isEqualTo(HealthStatus.UP);
        assertThat(verdict.message()).isEqualTo("last successful backup 2h ago");
    }

    @Test
    void backupScript() {
        PushState state = PushState.NONE.after(success(), T0);
        assertThat(judged(BACKUP, state, T0, at(h(1, 0))).status()).isEqualTo(HealthStatus.UP);

        state = state.after(report(Result.FATAL, List.of(), List.of("disk full")), at(h(24, 0)));
        assertThat(judged(BACKUP, state, T0, at(h(24, 1))).status()).isEqualTo(HealthStatus.DOWN);
        assertThat(judged(BACKUP, state, T0, at(h(24, 1))).message()).isEqualTo("last backup failed: disk full");

        state = state.after(success(), at(h(25, 0)));
        assertThat(judged(BACKUP, state, T0, at(h(27, 0))).message()).isEqualTo("last backup succeeded 2h ago");
    }

    // ------------------------------------------------------------ formatting

    @Test
    void agesReadInTheTwoLargestUnitsWithHoursUpToThreeDays() {
        assertThat(PushVerdicts.human(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(PushVerdicts.human(Duration.ofMinutes(3))).isEqualTo("3m");
        assertThat(PushVerdicts.human(h(26, 5).plusSeconds(59))).isEqualTo("26h 5m");
        assertThat(PushVerdicts.human(Duration.ofHours(71))).isEqualTo("71h");
        assertThat(PushVerdicts.human(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(PushVerdicts.human(Duration.ofDays(3).plusHours(4))).isEqualTo("3d 4h");
        assertThat(PushVerdicts.human(Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
