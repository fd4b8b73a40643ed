package io.vigil.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * Open on the given weekdays from {@code from} to {@code to}, local time in {@code zone}. A range
 * that ends before it starts ({@code 22:00}–{@code 02:00}) runs past midnight: it belongs to the
 * weekday it starts on. {@code to} is exclusive.
 */
public record WeeklySchedule(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) implements Schedule {

    public WeeklySchedule {
        days = Set.copyOf(days);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
    }

    @Override
    public boolean activeAt(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (!from.isAfter(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        // Past midnight: the evening part on the start day, the morning part on the day after.
        return (days.contains(day) && !time.isBefore(from)) || (days.contains(day.minus(1)) && time.isBefore(to));
    }
}
