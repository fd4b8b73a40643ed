package io.vigil.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Open for {@code duration} from each time the five-field cron {@code expression} (minute hour
 * day-of-month month day-of-week, in {@code zone}) fires.
 */
public record CronSchedule(String expression, Duration duration, ZoneId zone) implements Schedule {

    public CronSchedule {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
    }

    @Override
    public boolean activeAt(Instant at) {
        throw new UnsupportedOperationException("not yet");
    }
}
