package io.vigil.alert.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.support.rest.BadRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void defaultsToTheLastSevenDays() {
        assertThat(StatsResource.range(null, null, NOW))
                .isEqualTo(new StatsResource.Range(Instant.parse("2026-11-14T10:00:00Z"), NOW));
    }

    @Test
    void aMissingStartIsSevenDaysBeforeTheEndGiven() {
        assertThat(StatsResource.range(null, "2026-01-08T00:00:00Z", NOW).from())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void refusesAnEmptyOrUnreadableRange() {
        assertThat(field("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")).isEqualTo("from");
        assertThat(field("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")).isEqualTo("from");
        assertThat(field("yesterday", null)).isEqualTo("from");
        assertThat(field(null, "2026-13-01T00:00:00Z")).isEqualTo("to");
    }

    private static String field(String from, String to) {
        return catchThrowableOfType(() -> StatsResource.range(from, to, NOW), BadRequestException.class).field();
    }
}
