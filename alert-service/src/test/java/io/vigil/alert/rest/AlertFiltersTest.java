package io.vigil.alert.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.alert.store.AlertCursor;
import io.vigil.alert.store.AlertSearch;
import io.vigil.config.LabelMatcher;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import io.vigil.support.rest.BadRequestException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertFiltersTest {

    @Test
    void withoutParametersListsOpenAlertsOneHundredAtATime() {
        AlertSearch search = AlertFilters.parse(null, null, null, null, null, null);

        assertThat(search.states()).containsExactlyInAnyOrder(AlertState.PENDING, AlertState.FIRING,
                AlertState.ACKNOWLEDGED);
        assertThat(search.severity()).isNull();
        assertThat(search.rule()).isNull();
        assertThat(search.matchers()).isEmpty();
        assertThat(search.limit()).isEqualTo(100);
        assertThat(search.after()).isNull();
    }

    @Test
    void readsRepeatedAndCommaSeparatedStatesInAnyCase() {
        AlertSearch search = AlertFilters.parse(List.of("Firing,acknowledged", "RESOLVED"), "critical", " cpu ",
                null, "20", null);

        assertThat(search.states()).containsExactlyInAnyOrder(AlertState.FIRING, AlertState.ACKNOWLEDGED,
                AlertState.RESOLVED);
        assertThat(search.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(search.rule()).isEqualTo("cpu");
        assertThat(search.limit()).isEqualTo(20);
    }

    @Test
    void readsEveryMatcherOperator() {
        AlertSearch search = AlertFilters.parse(null, null, null,
                List.of("host=\"web-1\"", "env!=\"test\"", "role=~\"web|db\"", "mount!~\"/boot.*\""), null, null);

        assertThat(search.matchers()).extracting(LabelMatcher::op).containsExactly(LabelMatcher.Op.EQUAL,
                LabelMatcher.Op.NOT_EQUAL, LabelMatcher.Op.REGEX, LabelMatcher.Op.NOT_REGEX);
        assertThat(search.matchers().get(2).value()).isEqualTo("web|db");
    }

    @Test
    void aCursorReadsBackAsItWasWritten() {
        AlertCursor cursor = new AlertCursor(Instant.parse("2026-11-21T10:00:00.123456Z"), UUID.randomUUID());

        assertThat(AlertFilters.parse(null, null, null, null, null, cursor.encode()).after()).isEqualTo(cursor);
    }

    @Test
    void eachBadParameterIsNamed() {
        assertThat(field(() -> AlertFilters.parse(List.of("burning"), null, null, null, null, null)))
                .isEqualTo("state");
        assertThat(field(() -> AlertFilters.parse(null, "fatal", null, null, null, null))).isEqualTo("severity");
        assertThat(field(() -> AlertFilters.parse(null, null, null, List.of("host"), null, null))).isEqualTo("match");
        assertThat(field(() -> AlertFilters.parse(null, null, null, List.of("host=~\"[\""), null, null)))
                .isEqualTo("match");
        assertThat(field(() -> AlertFilters.parse(null, null, null, null, "0", null))).isEqualTo("limit");
        assertThat(field(() -> AlertFilters.parse(null, null, null, null, "1001", null))).isEqualTo("limit");
        assertThat(field(() -> AlertFilters.parse(null, null, null, null, "ten", null))).isEqualTo("limit");
        assertThat(field(() -> AlertFilters.parse(null, null, null, null, null, "not-a-cursor"))).isEqualTo("cursor");
    }

    @Test
    void anIdMustBeAWholeUuid() {
        UUID id = UUID.randomUUID();

        assertThat(AlertFilters.id(id.toString())).isEqualTo(id);
        assertThat(field(() -> AlertFilters.id("1-2-3-4-5"))).isEqualTo("id");
        assertThat(field(() -> AlertFilters.id("nope"))).isEqualTo("id");
    }

    private static String field(Runnable parse) {
        return catchThrowableOfType(parse::run, BadRequestException.class).field();
    }
}
