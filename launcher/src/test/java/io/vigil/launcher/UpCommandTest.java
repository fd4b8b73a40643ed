package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpCommandTest {

    @Test
    void livenessGraceDefaultsToThirtySecondsAndTakesADuration() {
        assertThat(UpCommand.livenessGrace(name -> null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(UpCommand.livenessGrace(Map.of("VIGIL_LIVENESS_GRACE", "5s")::get)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aLivenessGraceThatIsNoDurationIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> UpCommand.livenessGrace(Map.of("VIGIL_LIVENESS_GRACE", "soon")::get))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("VIGIL_LIVENESS_GRACE")
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> UpCommand.livenessGrace(Map.of("VIGIL_LIVENESS_GRACE", "0")::get))
                .hasMessageContaining("VIGIL_LIVENESS_GRACE");
    }
}
