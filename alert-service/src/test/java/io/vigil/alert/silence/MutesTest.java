package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.silence.MuteReason.Kind;
import io.vigil.config.LabelMatcher;
import io.vigil.config.MaintenanceConfig;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MutesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final UUID HOST_DOWN = UUID.fromString("9c1d2e3f-0000-4000-8000-000000000002");

    private final AlertRef disk =
            AlertRef.of(UUID.randomUUID(), "disk-full", Severity.WARNING, Map.of("host", "web-1"));

    /** Inhibits everything on web-1, as the inhibitor would while host-down fires there. */
    private final Inhibition hostDownOnWeb1 = alert -> "web-1".equals(alert.attributes().get("host"))
            ? Optional.of(MuteReason.inhibited(HOST_DOWN, "host-down on web-1"))
            : Optional.empty();

    private final Silences silences = new Silences(List.of(new Silence(UUID.randomUUID(),
            List.of(LabelMatcher.equal("host", "web-1")), NOW.minusSeconds(60), NOW.plusSeconds(3600), "alice",
            "disk swap")));

    private final MaintenanceWindows maintenance = new MaintenanceWindows(List.of(new MaintenanceConfig(
            "web-patching", List.of(LabelMatcher.parse("host=~\"web-.*\"")), at -> true, "")));

    @Test
    void inhibitionThenSilenceThenMaintenanceTheFirstReasonWins() {
        Mutes all = new Mutes(hostDownOnWeb1, silences, maintenance);
        assertThat(all.why(disk, NOW)).map(MuteReason::kind).contains(Kind.INHIBITED);
        assertThat(all.why(disk, NOW)).map(MuteReason::text)
                .contains("inhibited by host-down on web-1 (alert 9c1d2e3f)");

        Mutes noInhibition = new Mutes(Inhibition.NONE, silences, maintenance);
        assertThat(noInhibition.why(disk, NOW)).map(MuteReason::kind).contains(Kind.SILENCED);

        silences.replace(List.of());
        assertThat(noInhibition.why(disk, NOW)).map(MuteReason::kind).contains(Kind.MAINTENANCE);

        maintenance.replace(List.of());
        assertThat(noInhibition.why(disk, NOW)).isEmpty();
    }

    @Test
    void answersLabelOnlyQuestionsTheSameWay() {
        Mutes mutes = new Mutes(hostDownOnWeb1, silences, maintenance);
        Map<String, String> web1 = AlertRef.attributes("ping", Severity.CRITICAL, Map.of("host", "web-1"));
        Map<String, String> web2 = AlertRef.attributes("ping", Severity.CRITICAL, Map.of("host", "web-2"));
        Map<String, String> db1 = AlertRef.attributes("ping", Severity.CRITICAL, Map.of("host", "db-1"));

        assertThat(mutes.mutes(web1, NOW)).map(MuteReason::kind).contains(Kind.INHIBITED);
        assertThat(mutes.mutes(web2, NOW)).map(MuteReason::kind).contains(Kind.MAINTENANCE);
        assertThat(mutes.mutes(db1, NOW)).isEmpty();
    }

    @Test
    void seesSilencesReplacedAfterItWasBuilt() {
        Silences live = new Silences();
        Mutes mutes = new Mutes(Inhibition.NONE, live, new MaintenanceWindows());
        assertThat(mutes.why(disk, NOW)).isEmpty();

        live.replace(silences.all());

        assertThat(mutes.why(disk, NOW)).map(MuteReason::kind).contains(Kind.SILENCED);
    }
}
