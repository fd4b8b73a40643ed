package io.vigil.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code alerting:} section: how the alert-service groups and repeats notifications unless a
 * route or rule says otherwise, and when a series counts as flapping.
 *
 * @param groupBy the labels that, with the route, make a group: one post per group
 * @param groupWait how long a new group collects alerts before its first post
 * @param groupInterval how long a group waits after a post before posting what changed since
 * @param repeatInterval reminders of alerts still firing and not acknowledged
 */
public record AlertingConfig(List<String> groupBy, Duration groupWait, Duration groupInterval,
        Duration repeatInterval, Flapping flapping) {

    public static final AlertingConfig DEFAULTS = new AlertingConfig(List.of("host"), Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofHours(4), Flapping.DEFAULT);

    public AlertingConfig {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(flapping, "flapping");
    }
}
