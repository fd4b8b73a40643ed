package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.LabelMatcher;
import io.vigil.config.MaintenanceConfig;
import io.vigil.config.Schedule;
import io.vigil.config.WeeklySchedule;
import io.vigil.events.Severity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowsTest {

    /** Sundays 02:00–04:00 Berlin time, for the backup hosts. */
    private static final MaintenanceConfig SUNDAY_BACKUPS = new MaintenanceConfig("sunday-backups",
            List.of(LabelMatcher.parse("host=~\"backup-.*\"")),
            new WeeklySchedule(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 0), LocalTime.of(4, 0),
                    ZoneId.of("Europe/Berlin")),
            "nightly dumps saturate the disks");

    private static final Map<String, String> BACKUP_1 =
            AlertRef.attributes("disk-busy", Severity.WARNING, Map.of("host", "backup-1"));

    private final MaintenanceWindows windows = new MaintenanceWindows(List.of(SUNDAY_BACKUPS));

    @ParameterizedTest(name = "{0} ({1}) → {2}")
    @CsvSource({
            // winter, CET = UTC+1: 02:00–04:00 local is 01:00–03:00 UTC
            "2026-11-22T00:59:59Z, Sun 01:59:59 CET, false",
            "2026-11-22T01:00:00Z, Sun 02:00 CET,    true",
            "2026-11-22T02:59:59Z, Sun 03:59:59 CET, true",
            "2026-11-22T03:00:00Z, Sun 04:00 CET,    false",
            "2026-11-21T01:30:00Z, Sat 02:30 CET,    false",
            // summer, CEST = UTC+2: 00:00–02:00 UTC, starting on Saturday in UTC
            "2026-07-04T23:59:59Z, Sun 01:59:59 CEST, false",
            "2026-07-05T00:00:00Z, Sun 02:00 CEST,    true",
            "2026-07-05T01:59:59Z, Sun 03:59:59 CEST, true",
            "2026-07-05T02:00:00Z, Sun 04:00 CEST,    false",
            // the night clocks go forward, 02:00 CET → 03:00 CEST: only 03:00–04:00 exists
            "2026-03-29T00:59:59Z, Sun 01:59:59 CET,  false",
            "2026-03-29T01:00:00Z, Sun 03:00 CEST,    true",
            "2026-03-29T02:00:00Z, Sun 04:00 CEST,    false",
    })
    void mutesWhileTheWeeklyWindowIsOpen(Instant at, String local, boolean muted) {
        assertThat(windows.mutes(BACKUP_1, at).isPresent()).isEqualTo(muted);
    }

    @Test
    void mutesOnlyAlertsItsMatchersSelect() {
        Instant open = Instant.parse("2026-11-22T01:30:00Z");
        Map<String, String> web1 = AlertRef.attributes("disk-busy", Severity.WARNING, Map.of("host", "web-1"));

        assertThat(windows.mutes(BACKUP_1, open)).isPresent();
        assertThat(windows.mutes(web1, open)).isEmpty();
    }

    @Test
    void namesTheWindowAndItsComment() {
        MuteReason reason = windows.mutes(BACKUP_1, Instant.parse("2026-11-22T01:30:00Z")).orElseThrow();

        assertThat(reason.kind()).isEqualTo(MuteReason.Kind.MAINTENANCE);
        assertThat(reason.id()).isEqualTo("sunday-backups");
        assertThat(reason.text()).isEqualTo("maintenance window sunday-backups (nightly dumps saturate the disks)");
    }

    @Test
    void takesAnySchedule() {
        Instant noon = Instant.parse("2026-11-22T12:00:00Z");
        Schedule afterNoon = at -> !at.isBefore(noon);
        MaintenanceConfig everything = new MaintenanceConfig("datacenter-move", List.of(), afterNoon, null);
        windows.replace(List.of(SUNDAY_BACKUPS, everything));

        Map<String, String> web1 = AlertRef.attributes("ping", Severity.CRITICAL, Map.of("host", "web-1"));
        assertThat(windows.mutes(web1, noon.minusNanos(1))).isEmpty();
        assertThat(windows.mutes(web1, noon)).map(MuteReason::text).contains("maintenance window datacenter-move");
    }

    @Test
    void theFirstOpenWindowInConfiguredOrderWins() {
        MaintenanceConfig always = new MaintenanceConfig("always", List.of(LabelMatcher.equal("host", "backup-1")),
                at -> true, "");
        windows.replace(List.of(always, SUNDAY_BACKUPS));

        assertThat(windows.mutes(BACKUP_1, Instant.parse("2026-11-22T01:30:00Z"))).map(MuteReason::id)
                .contains("always");
        assertThat(windows.all()).containsExactly(always, SUNDAY_BACKUPS);
    }
}
