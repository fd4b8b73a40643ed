package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    // 2026-11-02 is a Monday, 2026-11-04 a Wednesday, 2026-11-08 a Sunday.
    @ParameterizedTest(name = "[{index}] ''{0}'' for {1} at {2} UTC: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            0 3 * * WED          | 1h  | 2026-11-04T03:00    | true
            0 3 * * WED          | 1h  | 2026-11-04T03:59:59 | true
            0 3 * * WED          | 1h  | 2026-11-04T04:00    | false
            0 3 * * WED          | 1h  | 2026-11-04T02:59:59 | false
            0 3 * * WED          | 1h  | 2026-11-05T03:30    | false
            0 3 * * wed          | 1h  | 2026-11-04T03:30    | true
            0 3 * * 3            | 1h  | 2026-11-04T03:30    | true
            0 0 * * 0            | 1h  | 2026-11-08T00:30    | true
            0 0 * * 7            | 1h  | 2026-11-08T00:30    | true
            0 0 * * 7            | 1h  | 2026-11-02T00:30    | false
            0 22 * * SAT         | 4h  | 2026-11-08T01:00    | true
            0 22 * * SAT         | 4h  | 2026-11-08T02:00    | false
            0 22 * * SAT         | 4h  | 2026-11-07T21:59    | false
            0 0 1 * *            | 3d  | 2026-11-03T23:59    | true
            0 0 1 * *            | 3d  | 2026-11-04T00:00    | false
            0 12 1 * MON         | 1h  | 2026-11-01T12:30    | true
            0 12 1 * MON         | 1h  | 2026-11-02T12:30    | true
            0 12 1 * MON         | 1h  | 2026-11-03T12:30    | false
            0 12 */2 * MON       | 1h  | 2026-11-02T12:30    | false
            0 12 */2 * MON       | 1h  | 2026-11-09T12:30    | true
            0 12 */2 * MON       | 1h  | 2026-11-03T12:30    | false
            */15 * * * *         | 1m  | 2026-11-04T10:15:30 | true
            */15 * * * *         | 1m  | 2026-11-04T10:16    | false
            */15 * * * *         | 1m  | 2026-11-04T10:45:59 | true
            10-50/20 8 * * *     | 5m  | 2026-11-04T08:30    | true
            10-50/20 8 * * *     | 5m  | 2026-11-04T08:54:59 | true
            10-50/20 8 * * *     | 5m  | 2026-11-04T08:20    | false
            10-50/20 8 * * *     | 5m  | 2026-11-04T09:10    | false
            0 9,17 * * MON-FRI   | 30m | 2026-11-02T17:15    | true
            0 9,17 * * MON-FRI   | 30m | 2026-11-07T09:15    | false
            0 9 * * SAT-SUN      | 30m | 2026-11-08T09:15    | true
            0 9 * * SAT-SUN      | 30m | 2026-11-06T09:15    | false
            0 0 1 JAN,jul *      | 1d  | 2027-01-01T12:00    | true
            0 0 1 JAN,jul *      | 1d  | 2026-12-01T12:00    | false
            0 0 1 1-12/3 *       | 1d  | 2026-10-01T05:00    | true
            0 0 1 1-12/3 *       | 1d  | 2026-11-01T05:00    | false
            0 0 29 2 *           | 1d  | 2028-02-29T10:00    | true
            0 0 29 2 *           | 1d  | 2027-03-01T10:00    | false
            * * * * *            | 7d  | 2026-11-04T10:00    | true
            """)
    void opensForDurationFromEachFireTime(String expression, String duration, LocalDateTime at, boolean open) {
        CronSchedule schedule = new CronSchedule(expression, Durations.parse(duration), UTC);

        assertThat(schedule.activeAt(at.atZone(UTC).toInstant())).isEqualTo(open);
    }

    // Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET. Instants in UTC.
    @ParameterizedTest(name = "[{index}] ''{0}'' for {1} in Berlin at {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * *    | 1h  | 2026-03-28T08:30:00Z | true
            0 9 * * *    | 1h  | 2026-03-29T07:30:00Z | true
            0 9 * * *    | 1h  | 2026-03-29T08:30:00Z | false
            0 9 * * *    | 1h  | 2026-10-25T08:30:00Z | true
            0 9 * * *    | 1h  | 2026-10-25T07:30:00Z | false
            30 2 * * *   | 1h  | 2026-03-29T01:29:00Z | false
            30 2 * * *   | 1h  | 2026-03-29T01:30:00Z | true
            30 2 * * *   | 1h  | 2026-03-29T02:29:00Z | true
            30 2 * * *   | 1h  | 2026-03-29T02:30:00Z | false
            0 2 * * SUN  | 2h  | 2026-03-29T00:59:00Z | false
            0 2 * * SUN  | 2h  | 2026-03-29T01:00:00Z | true
            0 2 * * SUN  | 2h  | 2026-03-29T02:59:00Z | true
            0 2 * * SUN  | 2h  | 2026-03-29T03:00:00Z | false
            30 2 * * *   | 2h  | 2026-10-25T01:45:00Z | true
            30 2 * * *   | 2h  | 2026-10-25T02:30:00Z | false
            45 2 * * *   | 30m | 2026-10-25T01:10:00Z | true
            45 2 * * *   | 30m | 2026-10-25T01:15:00Z | false
            """)
    void firesInLocalTimeAcrossDaylightSavingChanges(String expression, String duration, Instant at, boolean open) {
        CronSchedule schedule = new CronSchedule(expression, Durations.parse(duration), BERLIN);

        assertThat(schedule.activeAt(at)).isEqualTo(open);
    }

    @Test
    void aFireTimeMovedOutOfAHalfHourGapStillCountsAsTheLatest() {
        // Lord Howe Island moves from +10:30 to +11:00 at 02:00 on 2026-10-04 (15:30Z): 02:20 does not
        // exist and opens at 02:50, after the real 02:40.
        CronSchedule schedule = new CronSchedule("20,40 2 * * *", Duration.ofMinutes(10), ZoneId.of("Australia/Lord_Howe"));

        assertThat(schedule.activeAt(Instant.parse("2026-10-03T15:55:00Z"))).isTrue();
        assertThat(schedule.activeAt(Instant.parse("2026-10-03T16:00:00Z"))).isFalse();
    }

    @Test
    void agreesWithAMinuteByMinuteSearchOnRandomExpressions() {
        Random random = new Random(6);
        String[] minutes = {"*", "0", "*/7", "5-40/5", "15,45", "59"};
        String[] hours = {"*", "2", "1-3", "*/6", "22,23", "0"};
        String[] doms = {"*", "1", "15-20", "*/3", "31"};
        String[] monthsField = {"*", "3", "MAR,OCT", "10-12"};
        String[] dows = {"*", "SUN", "1-5", "SAT,SUN", "*/2"};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String expression = String.join(" ", pick(random, minutes), pick(random, hours), pick(random, doms),
                    pick(random, monthsField), pick(random, dows));
            Duration duration = Duration.ofMinutes(1 + random.nextInt(3 * 60));
            // Around offset changes (Berlin's two, Lord Howe's half-hour one) and away from them.
            ZoneId zone = List.of(BERLIN, UTC, ZoneId.of("Australia/Lord_Howe")).get(random.nextInt(3));
            Instant base = List.of(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-10-25T01:00:00Z"),
                    Instant.parse("2026-10-03T15:30:00Z")).get(random.nextInt(3));
            Instant at = base.plusSeconds(random.nextInt(4 * 3600) - 2 * 3600).plusSeconds(random.nextInt(60));
            boolean expected = bruteForce(CronExpression.parse(expression), duration, zone, at);
            if (new CronSchedule(expression, duration, zone).activeAt(at) != expected) {
                failures.add(expression + " for " + duration + " in " + zone + " at " + at + ": expected " + expected);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The definition, slowly: some local minute that fires, taken as an instant, has f <= at < f + duration. */
    private static boolean bruteForce(CronExpression cron, Duration duration, ZoneId zone, Instant at) {
        LocalDateTime first = LocalDateTime.ofInstant(at.minus(duration), zone).minusHours(3).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime last = LocalDateTime.ofInstant(at, zone).plusHours(3);
        for (LocalDateTime t = first; !t.isAfter(last); t = t.plusMinutes(1)) {
            if (cron.matches(t)) {
                Instant f = t.atZone(zone).toInstant();
                if (!f.isAfter(at) && at.isBefore(f.plus(duration))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource
    void refusesBadExpressionsNamingFieldAndValue(String expression, String message) {
        assertThatThrownBy(() -> new CronSchedule(expression, Duration.ofHours(1), UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> refusesBadExpressionsNamingFieldAndValue() {
        return Stream.of(
                Arguments.of("0 3 * *", "'0 3 * *' has 4 fields; cron needs 5"),
                Arguments.of("", "has 0 fields"),
                Arguments.of("0 3 * * * *", "has 6 fields"),
                Arguments.of("60 * * * *", "minute '60': 60 is out of range 0-59"),
                Arguments.of("* 24 * * *", "hour '24': 24 is out of range 0-23"),
                Arguments.of("* * 0 * *", "day-of-month '0': 0 is out of range 1-31"),
                Arguments.of("* * * 13 *", "month '13': 13 is out of range 1-12"),
                Arguments.of("* * * FOO *", "month 'FOO': 'FOO' is not a number 1-12 or a name JAN-DEC"),
                Arguments.of("* * * * 8", "day-of-week '8': 8 is out of range 0-7"),
                Arguments.of("0 3 * * WEDS", "day-of-week 'WEDS': 'WEDS' is not a number 0-7 or a name SUN-SAT"),
                Arguments.of("5-2 * * * *", "minute '5-2' is a range that runs backwards"),
                Arguments.of("*/0 * * * *", "minute '*/0' needs a step of 1 or more"),
                Arguments.of("5/10 * * * *", "minute '5/10': a step needs * or a range before it"),
                Arguments.of("1,,2 * * * *", "minute '1,,2' has an empty list item"),
                Arguments.of("* x * * *", "hour 'x': 'x' is not a number 0-23"));
    }

    @Test
    void refusesANonPositiveDuration() {
        assertThatThrownBy(() -> new CronSchedule("0 3 * * *", Duration.ZERO, UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
    }
}
