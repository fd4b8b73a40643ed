package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.LabelMatcher;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SilenceTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-22T12:00:00Z");
    private static final UUID ID = UUID.fromString("3f2a1b2c-0000-4000-8000-000000000001");

    private static Silence silence(String... matchers) {
        return new Silence(ID, Arrays.stream(matchers).map(LabelMatcher::parse).toList(), START, END, "alice",
                "disk swap");
    }

    @Test
    void refusesASilenceWithoutMatchers() {
        assertThatThrownBy(() -> new Silence(ID, List.of(), START, END, "alice", "all of it"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one matcher is required");
        assertThatThrownBy(() -> new Silence(ID, null, START, END, "alice", "all of it"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host=~\".*\"", "host!=\"web-1\"", "host!~\"web-.*\"", "host=\"\""})
    void refusesMatchersThatMatchEveryAlert(String matcher) {
        assertThatThrownBy(() -> silence(matcher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("match every alert");
    }

    @Test
    void acceptsAMatchEverythingMatcherNextToASelectiveOne() {
        Silence s = silence("host=\"web-1\"", "mount!=\"/boot\"");

        assertThat(s.mutes(Map.of("host", "web-1", "mount", "/"), START)).isTrue();
        assertThat(s.mutes(Map.of("host", "web-1", "mount", "/boot"), START)).isFalse();
    }

    @Test
    void refusesAnEndBeforeTheStartAndAMissingAuthor() {
        List<LabelMatcher> m = List.of(LabelMatcher.equal("host", "web-1"));
        assertThatThrownBy(() -> new Silence(ID, m, END, START, "alice", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before startsAt");
        assertThatThrownBy(() -> new Silence(ID, m, START, END, " ", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("createdBy");
    }

    @Test
    void isActiveFromItsStartInclusiveToItsEndExclusive() {
        Silence s = silence("host=\"web-1\"");

        assertThat(s.isActiveAt(START.minusMillis(1))).isFalse();
        assertThat(s.isActiveAt(START)).isTrue();
        assertThat(s.isActiveAt(END.minusMillis(1))).isTrue();
        assertThat(s.isActiveAt(END)).isFalse();
        assertThat(s.isExpiredAt(END.minusMillis(1))).isFalse();
        assertThat(s.isExpiredAt(END)).isTrue();
    }

    @Test
    void aMissingCommentReadsAsTheAuthorAlone() {
        Silence s = new Silence(ID, List.of(LabelMatcher.equal("host", "web-1")), START, END, "alice", null);

        assertThat(s.comment()).isEmpty();
        assertThat(MuteReason.silenced(s).text()).isEqualTo("silenced by 3f2a1b2c (alice)");
    }
}
