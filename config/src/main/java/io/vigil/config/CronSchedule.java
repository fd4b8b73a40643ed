package io.vigil.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Open for {@code duration} from each time the five-field cron {@code expression} (minute hour
 * day-of-month month day-of-week, in {@code zone}) fires. Fire times are local times of
 * {@code zone}: {@code 0 9 * * *} opens at 09:00 on a DST change day too. A fire time in the
 * spring-forward gap opens when the clocks have moved on (02:30 becomes 03:30); one in the
 * repeated autumn hour opens once, at its first occurrence.
 */
public record CronSchedule(String expression, Duration duration, ZoneId zone) implements Schedule {

    /**
     * @throws IllegalArgumentException when the expression is not valid cron (the message names the
     *     field and value) or the duration is not positive
     */
    public CronSchedule {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
        CronExpression.parse(expression);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be longer than 0s");
        }
    }

    /** Checks an expression without building a schedule; throws {@link IllegalArgumentException} naming the bad field. */
    public static void validate(String expression) {
        CronExpression.parse(expression);
    }

    /** Whether some fire time {@code f} has {@code f <= at < f + duration}. */
    @Override
    public boolean activeAt(Instant at) {
        // Parsing again costs far less than the search below; it keeps this a plain record.
        CronExpression cron = CronExpression.parse(expression);
        Duration slack = offsetChangesNear(zone.getRules(), at);
        // A local fire time after at's local time can still be an earlier instant when the
        // offset changes (the repeated autumn hour), so the search starts a change's worth later.
        LocalDateTime limit = LocalDateTime.ofInstant(at, zone).plus(slack).truncatedTo(ChronoUnit.MINUTES);
        LocalDate earliest = LocalDateTime.ofInstant(at.minus(duration), zone).toLocalDate().minusDays(1);
        Instant latest = null;
        LocalDateTime stopBelow = null;
        for (LocalDateTime local = cron.latestAtOrBefore(limit, earliest); local != null;
                local = cron.latestAtOrBefore(local.minusMinutes(1), earliest)) {
            if (stopBelow != null && local.isBefore(stopBelow)) {
                break;
            }
            Instant fire = local.atZone(zone).toInstant();
            if (!fire.isAfter(at)) {
                if (latest == null || fire.isAfter(latest)) {
                    latest = fire;
                }
                // Away from an offset change, local order is instant order and the first hit is
                // the latest; near one, look a change's worth further for a later instant.
                if (stopBelow == null) {
                    stopBelow = local.minus(slack.multipliedBy(2));
                }
            }
        }
        // Every window lasts as long, so only the latest fire time at or before at can cover it.
        return latest != null && at.isBefore(latest.plus(duration));
    }

    /** The largest offset change of the zone around the span searched; zero almost always. */
    private Duration offsetChangesNear(ZoneRules rules, Instant at) {
        if (rules.isFixedOffset()) {
            return Duration.ZERO;
        }
        Instant from = at.minus(duration).minus(Duration.ofDays(2));
        Duration largest = Duration.ZERO;
        for (ZoneOffsetTransition t = rules.previousTransition(at.plus(Duration.ofDays(2)));
                t != null && t.getInstant().isAfter(from); t = rules.previousTransition(t.getInstant())) {
            Duration size = t.getDuration().abs();
            if (size.compareTo(largest) > 0) {
                largest = size;
            }
        }
        return largest;
    }
}
