package io.vigil.config;

import java.time.Instant;

/** When a recurring maintenance window is open: {@link WeeklySchedule} or {@link CronSchedule}. */
public interface Schedule {

    /** Whether the window is open at this instant. */
    boolean activeAt(Instant at);
}
