package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.silence.MuteReason.Kind;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MuteReasonTest {

    @ParameterizedTest(name = "{0} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            SILENCED    | 3f2a1b2c-0000-4000-8000-000000000001 | alice: disk swap   | silenced by 3f2a1b2c (alice: disk swap)
            MAINTENANCE | sunday-backups                       | nightly dumps      | maintenance window sunday-backups (nightly dumps)
            MAINTENANCE | sunday-backups                       |                    | maintenance window sunday-backups
            INHIBITED   | 9c1d2e3f-0000-4000-8000-000000000002 | host-down on web-1 | inhibited by host-down on web-1 (alert 9c1d2e3f)
            """)
    void readsWellInHistory(Kind kind, String id, String description, String text) {
        MuteReason reason = new MuteReason(kind, id, description);

        assertThat(reason.text()).isEqualTo(text);
        assertThat(reason).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource({"SILENCED, false", "MAINTENANCE, false", "INHIBITED, true"})
    void namesTheInhibitingAlertOnlyForAnInhibition(Kind kind, boolean named) {
        UUID id = UUID.randomUUID();

        assertThat(new MuteReason(kind, id.toString(), "").inhibitingAlert().isPresent()).isEqualTo(named);
        assertThat(MuteReason.inhibited(id, "host-down").inhibitingAlert()).contains(id);
    }
}
