package io.vigil.alert.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.support.rest.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of {@code /api/metrics/query}: every refusal names its parameter. */
class MetricQueryRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:30Z");

    @Test
    void defaultsAreTheLastHourInMinutes() {
        MetricQueryResource.Request r = MetricQueryResource.request("cpu", null, null, null, null, NOW);

        assertThat(r.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(r.to()).isEqualTo(NOW);
        assertThat(r.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.matchers()).isEmpty();
    }

    @Test
    void refusalsNameTheParameter() {
        assertThat(field(null, List.of(), null, null, null)).isEqualTo("metric");
        assertThat(field("cpu", List.of("host~\"web\""), null, null, null)).isEqualTo("labels");
        assertThat(field("cpu", List.of(), "yesterday", null, null)).isEqualTo("from");
        assertThat(field("cpu", List.of(), null, "soon", null)).isEqualTo("to");
        assertThat(field("cpu", List.of(), NOW.toString(), NOW.minusSeconds(60).toString(), null)).isEqualTo("from");
        assertThat(field("cpu", List.of(), null, null, "30s")).isEqualTo("step");
        assertThat(field("cpu", List.of(), null, null, "90s")).isEqualTo("step");
        assertThat(field("cpu", List.of(), null, null, "often")).isEqualTo("step");
        // Two days at 1m are 2880 points, more than the cap.
        assertThat(field("cpu", List.of(), NOW.minus(Duration.ofDays(2)).toString(), null, "1m")).isEqualTo("step");
        assertThat(MetricQueryResource.request("cpu", List.of("host=\"web-1\""),
                NOW.minus(Duration.ofDays(2)).toString(), null, "3m", NOW).matchers()).hasSize(1);
    }

    private static String field(String metric, List<String> labels, String from, String to, String step) {
        BadRequestException e = catchThrowableOfType(
                () -> MetricQueryResource.request(metric, labels, from, to, step, NOW), BadRequestException.class);
        assertThat(e).as("refused").isNotNull();
        return e.field();
    }
}
