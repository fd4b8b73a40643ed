package io.vigil.health.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.health.heartbeat.DuplicatiReport.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushStateTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);

    private static DuplicatiReport report(Result result, String operation) {
        return new DuplicatiReport(result, operation, "docs", null, null, null, null, null, 0, 0, List.of(), List.of());
    }

    @Test
    void aHeartbeatMovesOnlyTheLastPing() {
        PushState state = PushState.NONE.afterPing(T0);

        assertThat(state).isEqualTo(new PushState(T0, null, null));
    }

    @Test
    void aSuccessfulBackupMovesTheLastSuccessAndKeepsTheReport() {
        DuplicatiReport ok = report(Result.SUCCESS, "Backup");

        PushState state = PushState.NONE.after(ok, T0);

        assertThat(state).isEqualTo(new PushState(T0, T0, ok));
    }

    @Test
    void aBackupWithWarningsCountsAsASuccess() {
        PushState state = PushState.NONE.after(report(Result.WARNING, "Backup"), T0);

        assertThat(state.lastSuccess()).isEqualTo(T0);
    }

    @Test
    void aBackupWithErrorsKeepsTheLastSuccess() {
        DuplicatiReport failed = report(Result.ERROR, "Backup");

        PushState state = PushState.NONE.after(report(Result.SUCCESS, "Backup"), T0).after(failed, T1);

        assertThat(state).isEqualTo(new PushState(T1, T0, failed));
    }

    @Test
    void anotherOperationMovesOnlyTheLastPing() {
        DuplicatiReport backup = report(Result.SUCCESS, "Backup");

        PushState state = PushState.NONE.after(backup, T0).after(report(Result.SUCCESS, "Restore"), T1);

        assertThat(state).isEqualTo(new PushState(T1, T0, backup));
    }

    @Test
    void aCallHandledLateDoesNotMoveTimesBackwards() {
        PushState state = PushState.NONE.after(report(Result.SUCCESS, "Backup"), T1).afterPing(T0);

        assertThat(state.lastPing()).isEqualTo(T1);
        assertThat(state.lastSuccess()).isEqualTo(T1);
    }
}
