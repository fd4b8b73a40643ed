package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vigil.config.LabelMatcher;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SilencesTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant DURING = START.plus(Duration.ofMinutes(30));

    private static Silence silence(Instant start, Instant end, String... matchers) {
        return new Silence(UUID.randomUUID(), Stream.of(matchers).map(LabelMatcher::parse).toList(), start, end,
                "alice", "disk swap");
    }

    private static Map<String, String> disk(String... labels) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return AlertRef.attributes("disk-full", Severity.CRITICAL, map);
    }

    /** matcher under test, the alert's labels (rule disk-full, severity critical), muted? */
    static Stream<Arguments> matching() {
        return Stream.of(
                arguments("host=\"web-1\"", disk("host", "web-1"), true),
                arguments("host=\"web-1\"", disk("host", "web-10"), false),
                arguments("host=\"web-1\"", disk(), false),
                arguments("host=\"\"", disk(), true),
                arguments("host!=\"web-1\"", disk("host", "web-2"), true),
                arguments("host!=\"web-1\"", disk("host", "web-1"), false),
                arguments("host!=\"web-1\"", disk(), true),
                arguments("host=~\"web-.*\"", disk("host", "web-1"), true),
                arguments("host=~\"web-.*\"", disk("host", "db-web-1"), false),
                arguments("host=~\"web\"", disk("host", "web-1"), false),
                arguments("host=~\"web-1|db-1\"", disk("host", "db-1"), true),
                arguments("host=~\".*\"", disk(), true),
                arguments("host=~\".+\"", disk(), false),
                arguments("host!~\"web-.*\"", disk("host", "db-1"), true),
                arguments("host!~\"web-.*\"", disk("host", "web-1"), false),
                arguments("host!~\"web-.*\"", disk(), true),
                arguments("host!~\"web\"", disk("host", "web-1"), true),
                arguments("severity=\"critical\"", disk("severity", "info"), true),
                arguments("severity=\"info\"", disk("severity", "info"), false),
                arguments("rule=~\"disk-.*\"", disk("rule", "other"), true));
    }

    @ParameterizedTest(name = "{0} on {1} → {2}")
    @MethodSource("matching")
    void mutesWhenEveryMatcherMatches(String matcher, Map<String, String> attributes, boolean muted) {
        // rule="disk-full" keeps a silence whose matcher under test also matches "" from being refused.
        Silences silences = new Silences(List.of(silence(START, END, "rule=\"disk-full\"", matcher)));

        assertThat(silences.mutes(attributes, DURING).isPresent()).isEqualTo(muted);
    }

    @Test
    void mutesOnlyWhileActive() {
        Silences silences = new Silences(List.of(silence(START, END, "host=\"web-1\"")));
        Map<String, String> web1 = disk("host", "web-1");

        assertThat(silences.mutes(web1, START.minusSeconds(1))).as("not yet").isEmpty();
        assertThat(silences.mutes(web1, START)).as("from its start").isPresent();
        assertThat(silences.mutes(web1, END.minusNanos(1))).as("to just before its end").isPresent();
        assertThat(silences.mutes(web1, END)).as("expired at its end").isEmpty();
        assertThat(silences.mutes(web1, END.plus(Duration.ofDays(1)))).as("and after").isEmpty();
    }

    @Test
    void namesTheSilenceThatEndsLastWhenSeveralMute() {
        Silence shortOne = silence(START, END, "host=\"web-1\"");
        Silence longOne = silence(START, END.plus(Duration.ofHours(4)), "rule=\"disk-full\"");
        Silences silences = new Silences(List.of(shortOne, longOne));

        MuteReason reason = silences.mutes(disk("host", "web-1"), DURING).orElseThrow();

        assertThat(reason.kind()).isEqualTo(MuteReason.Kind.SILENCED);
        assertThat(reason.id()).isEqualTo(longOne.id().toString());
        assertThat(reason.description()).isEqualTo("alice: disk swap");
        assertThat(reason.text()).isEqualTo("silenced by " + longOne.id().toString().substring(0, 8)
                + " (alice: disk swap)");
    }

    @Test
    void replaceSwapsTheWholeList() {
        Silences silences = new Silences();
        Map<String, String> web1 = disk("host", "web-1");
        assertThat(silences.mutes(web1, DURING)).isEmpty();

        silences.replace(List.of(silence(START, END, "host=\"web-1\"")));
        assertThat(silences.mutes(web1, DURING)).isPresent();
        assertThat(silences.all()).hasSize(1);

        silences.replace(List.of(silence(START, END, "host=\"web-2\"")));
        assertThat(silences.mutes(web1, DURING)).isEmpty();
    }
}
