package io.vigil.alert.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.config.ConfigException;
import io.vigil.support.rest.BadRequestException;
import org.junit.jupiter.api.Test;

class DefinitionsTest {

    @Test
    void aPutBodyTakesItsNameFromThePath() {
        assertThat(Definitions.rule(Definitions.named(JsonBody.parse(
                "{\"metric\": \"m\", \"warning\": {\"above\": 1}}"), "cpu")).name()).isEqualTo("cpu");
    }

    @Test
    void aPutBodyMayNotRename() {
        BadRequestException e = catchThrowableOfType(() -> Definitions.named(JsonBody.parse(
                "{\"name\": \"other\", \"metric\": \"m\", \"warning\": {\"above\": 1}}"), "cpu"),
                BadRequestException.class);

        assertThat(e.field()).isEqualTo("name");
    }

    @Test
    void theLoadersFieldPathIsKept() {
        ConfigException e = catchThrowableOfType(() -> Definitions.rule(JsonBody.parse(
                "{\"name\": \"cpu\", \"metric\": \"m\", \"critical\": {\"above\": \"high\"}}")), ConfigException.class);

        assertThat(e.field()).isEqualTo("critical.above");
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() {
        assertThat(catchThrowableOfType(() -> Definitions.rule(null), BadRequestException.class).field())
                .isEqualTo("body");
    }
}
