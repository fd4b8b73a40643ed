package io.vigil.domain.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PropagationTest {

    private final MutableClock clock = new MutableClock();
    private final Propagation propagation = new Propagation(clock);

    private Propagation.Verdict judge(boolean matches, boolean othersMatch, long ttl) {
        return propagation.judge("example.org", "A", "9.9.9.9", matches, othersMatch, ttl);
    }

    @Test
    void mismatchNextToAMatchPropagatesForTheOldTtlThenFails() {
        Propagation.Verdict first = judge(false, true, 300);
        assertThat(first.kind()).isEqualTo(Propagation.Verdict.Kind.PROPAGATING);
        assertThat(first.ttl()).isEqualTo(300);
        assertThat(first.expiresIn()).isEqualTo(Duration.ofSeconds(300));

        clock.advance(Duration.ofSeconds(200));
        // The cache counts down: a later answer's smaller TTL does not restart the wait.
        Propagation.Verdict later = judge(false, true, 100);
        assertThat(later.kind()).isEqualTo(Propagation.Verdict.Kind.PROPAGATING);
        assertThat(later.expiresIn()).isEqualTo(Duration.ofSeconds(100));

        clock.advance(Duration.ofSeconds(100));
        assertThat(judge(false, true, 300).kind()).isEqualTo(Propagation.Verdict.Kind.MISMATCH);
    }

    @Test
    void mismatchNobodyContradictsIsAMismatchAtOnce() {
        assertThat(judge(false, false, 300).kind()).isEqualTo(Propagation.Verdict.Kind.MISMATCH);
    }

    @Test
    void aMatchForgetsThePropagation() {
        judge(false, true, 300);
        clock.advance(Duration.ofSeconds(400));
        assertThat(judge(true, true, 300).kind()).isEqualTo(Propagation.Verdict.Kind.MATCH);
        // A new change later gets its own TTL again.
        assertThat(judge(false, true, 300).kind()).isEqualTo(Propagation.Verdict.Kind.PROPAGATING);
    }

    @Test
    void onceStartedItRunsOutEvenIfTheOthersStopMatching() {
        judge(false, true, 60);
        clock.advance(Duration.ofSeconds(30));
        assertThat(judge(false, false, 60).kind()).isEqualTo(Propagation.Verdict.Kind.PROPAGATING);
        clock.advance(Duration.ofSeconds(30));
        assertThat(judge(false, false, 60).kind()).isEqualTo(Propagation.Verdict.Kind.MISMATCH);
    }

    @Test
    void forgetAndRetainDropKeptState() {
        judge(false, true, 300);
        propagation.retain("example.org", Set.of(new Propagation.Key("A", "other")));
        assertThat(judge(false, false, 300).kind()).as("state dropped by retain").isEqualTo(Propagation.Verdict.Kind.MISMATCH);

        judge(false, true, 300);
        propagation.forget("example.org");
        assertThat(judge(false, false, 300).kind()).as("state dropped by forget").isEqualTo(Propagation.Verdict.Kind.MISMATCH);
    }
}
