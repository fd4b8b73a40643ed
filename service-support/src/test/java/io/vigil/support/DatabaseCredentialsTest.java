package io.vigil.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseCredentialsTest {

    @Test
    void missingPasswordIsNamed() {
        Map<String, String> props = Map.of("quarkus.datasource.username", "vigil_alert");
        assertThatThrownBy(() -> DatabaseCredentials.require(k -> Optional.ofNullable(props.get(k)), "alert-service"))
                .hasMessageContaining("alert-service").hasMessageContaining("QUARKUS_DATASOURCE_PASSWORD")
                .hasMessageNotContaining("QUARKUS_DATASOURCE_USERNAME");
    }

    @Test
    void blankCountsAsMissing() {
        Map<String, String> props = Map.of("quarkus.datasource.username", " ", "quarkus.datasource.password", "");
        assertThatThrownBy(() -> DatabaseCredentials.require(k -> Optional.ofNullable(props.get(k)), "notifier-service"))
                .hasMessageContaining("QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void bothSetPasses() {
        Map<String, String> props = Map.of("quarkus.datasource.username", "u", "quarkus.datasource.password", "p");
        assertThatCode(() -> DatabaseCredentials.require(k -> Optional.ofNullable(props.get(k)), "x"))
                .doesNotThrowAnyException();
    }
}
