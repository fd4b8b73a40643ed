package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeeklyScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    // 2026-11-06 is a Friday, 2026-11-07 a Saturday, 2026-11-08 a Sunday.
    @ParameterizedTest(name = "[{index}] {0} {1}-{2} at {3}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            SATURDAY SUNDAY | 02:00 | 04:00 | 2026-11-07T02:00    | true
            SATURDAY SUNDAY | 02:00 | 04:00 | 2026-11-07T03:59:59 | true
            SATURDAY SUNDAY | 02:00 | 04:00 | 2026-11-07T04:00    | false
            SATURDAY SUNDAY | 02:00 | 04:00 | 2026-11-08T01:59    | false
            SATURDAY SUNDAY | 02:00 | 04:00 | 2026-11-06T03:00    | false
            FRIDAY          | 22:00 | 02:00 | 2026-11-06T23:00    | true
            FRIDAY          | 22:00 | 02:00 | 2026-11-07T01:59    | true
            FRIDAY          | 22:00 | 02:00 | 2026-11-07T02:00    | false
            FRIDAY          | 22:00 | 02:00 | 2026-11-06T21:59    | false
            FRIDAY          | 22:00 | 02:00 | 2026-11-05T23:00    | false
            FRIDAY          | 22:00 | 02:00 | 2026-11-06T01:00    | false
            FRIDAY          | 22:00 | 00:00 | 2026-11-06T23:59    | true
            FRIDAY          | 22:00 | 00:00 | 2026-11-07T00:00    | false
            """)
    void opensOnItsDaysBetweenFromAndTo(String days, LocalTime from, LocalTime to, LocalDateTime at, boolean open) {
        WeeklySchedule schedule = new WeeklySchedule(days(days), from, to, UTC);

        assertThat(schedule.activeAt(at.atZone(UTC).toInstant())).isEqualTo(open);
    }

    // Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET. Instants in UTC.
    @ParameterizedTest(name = "[{index}] Sunday {0}-{1} in Berlin at {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            02:00 | 04:00 | 2026-03-29T00:59:00Z | false
            02:00 | 04:00 | 2026-03-29T01:00:00Z | true
            02:00 | 04:00 | 2026-03-29T01:59:00Z | true
            02:00 | 04:00 | 2026-03-29T02:00:00Z | false
            02:00 | 03:00 | 2026-10-25T00:00:00Z | true
            02:00 | 03:00 | 2026-10-25T00:59:00Z | true
            02:00 | 03:00 | 2026-10-25T01:00:00Z | true
            02:00 | 03:00 | 2026-10-25T02:00:00Z | false
            """)
    void followsLocalTimeOnDaylightSavingChangeDays(LocalTime from, LocalTime to, Instant at, boolean open) {
        WeeklySchedule schedule = new WeeklySchedule(Set.of(DayOfWeek.SUNDAY), from, to, BERLIN);

        assertThat(schedule.activeAt(at)).isEqualTo(open);
    }

    private static Set<DayOfWeek> days(String names) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String n : names.trim().split("\\s+")) {
            days.add(DayOfWeek.valueOf(n));
        }
        return days;
    }
}
