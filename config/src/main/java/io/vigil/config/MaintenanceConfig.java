package io.vigil.config;

import java.util.List;
import java.util.Objects;

/**
 * A recurring maintenance window from the {@code maintenance:} section (or the API): while its
 * schedule is open, alerts matching {@code matchers} are recorded but not notified.
 */
public record MaintenanceConfig(String name, List<LabelMatcher> matchers, Schedule schedule, String comment) {

    public MaintenanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }
}
