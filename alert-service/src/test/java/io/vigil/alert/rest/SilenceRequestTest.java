package io.vigil.alert.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.Json;
import io.vigil.support.rest.BadRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilenceRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void readsMatchersTimesAndComment() {
        SilenceRequest.Checked c = SilenceRequest.parse(json("""
                {"matchers": ["host=\\"web-1\\"", "mount!~\\"/boot.*\\""], "startsAt": "2026-11-21T11:00:00Z",
                 "endsAt": "2026-11-21T12:00:00Z", "comment": "disk swap"}"""), NOW, NOW);

        assertThat(c.matchers()).extracting(Object::toString).containsExactly("host=\"web-1\"", "mount!~\"/boot.*\"");
        assertThat(c.startsAt()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(c.endsAt()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(c.comment()).isEqualTo("disk swap");
    }

    @Test
    void withoutAStartTheEndIsCheckedAgainstTheDefaultStart() {
        String body = """
                {"matchers": ["host=\\"a\\""], "endsAt": "2026-11-21T12:00:00Z", "comment": "c"}""";

        assertThat(SilenceRequest.parse(json(body), NOW, NOW).startsAt()).isNull();
        assertThat(field(body, Instant.parse("2026-11-21T13:00:00Z"))).isEqualTo("endsAt");
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(field("{\"endsAt\": \"2026-11-21T12:00:00Z\", \"comment\": \"c\"}", NOW)).isEqualTo("matchers");
        assertThat(field("{\"matchers\": \"host=a\", \"endsAt\": \"2026-11-21T12:00:00Z\", \"comment\": \"c\"}", NOW))
                .isEqualTo("matchers");
        assertThat(field("{\"matchers\": [\"host=a\", 3], \"endsAt\": \"2026-11-21T12:00:00Z\", "
                + "\"comment\": \"c\"}", NOW))
                .isEqualTo("matchers[1]");
        assertThat(field("{\"matchers\": [\"host!=a\"], \"endsAt\": \"2026-11-21T12:00:00Z\", "
                + "\"comment\": \"c\"}", NOW))
                .as("matches every alert without a host").isEqualTo("matchers");
        assertThat(field("{\"matchers\": [\"host=a\"], \"endsAt\": \"2026-11-21T09:00:00Z\", \"comment\": \"c\"}", NOW))
                .isEqualTo("endsAt");
        assertThat(field("{\"matchers\": [\"host=a\"], \"endsAt\": \"2026-11-21T12:00:00Z\", \"comment\": \" \"}", NOW))
                .isEqualTo("comment");
        assertThat(field("{\"matchers\": [\"host=a\"], \"endsAt\": \"2026-11-21T12:00:00Z\", \"comment\": \"c\", "
                + "\"createdBy\": \"me\"}", NOW)).isEqualTo("createdBy");
        assertThat(field("[]", NOW)).isEqualTo("body");
    }

    private static String field(String body, Instant defaultStart) {
        return catchThrowableOfType(() -> SilenceRequest.parse(json(body), NOW, defaultStart),
                BadRequestException.class).field();
    }

    private static JsonNode json(String text) {
        return JsonBody.parse(text);
    }

    @Test
    void malformedJsonIsABadBody() {
        assertThat(catchThrowableOfType(() -> JsonBody.parse("{not json"), BadRequestException.class).field())
                .isEqualTo("body");
        assertThat(JsonBody.parse("  ")).isNull();
        assertThat(Json.write(JsonBody.parse("{\"a\": 1}"))).isEqualTo("{\"a\":1}");
    }
}
