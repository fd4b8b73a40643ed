package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.launcher.Liveness.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static final long S = 1_000_000_000L;

    private final Liveness liveness = new Liveness(Duration.ofSeconds(30));

    @Test
    void answering200IsLive() {
        assertThat(liveness.observe("", 0)).isEqualTo(Verdict.LIVE);
        assertThat(liveness.observe("", 100 * S)).isEqualTo(Verdict.LIVE);
    }

    @Test
    void failingForLessThanTheGraceIsOnlySuspect() {
        assertThat(liveness.observe("", 0)).isEqualTo(Verdict.LIVE);
        assertThat(liveness.observe("HTTP 503", 2 * S)).isEqualTo(Verdict.SUSPECT);
        assertThat(liveness.observe("no answer", 31 * S)).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void failingForTheWholeGraceIsDeadAndNamesTheLastProblem() {
        liveness.observe("HTTP 503", 2 * S);
        liveness.observe("HTTP 503", 20 * S);

        assertThat(liveness.observe("no answer", 32 * S)).isEqualTo(Verdict.DEAD);
        assertThat(liveness.lastProblem()).isEqualTo("no answer");
    }

    @Test
    void oneGoodAnswerClearsTheRecord() {
        liveness.observe("HTTP 503", 0);
        liveness.observe("HTTP 503", 29 * S);
        assertThat(liveness.observe("", 30 * S)).isEqualTo(Verdict.LIVE);

        assertThat(liveness.observe("HTTP 503", 31 * S)).isEqualTo(Verdict.SUSPECT);
        assertThat(liveness.observe("HTTP 503", 60 * S)).isEqualTo(Verdict.SUSPECT);
        assertThat(liveness.observe("HTTP 503", 61 * S)).isEqualTo(Verdict.DEAD);
    }
}
