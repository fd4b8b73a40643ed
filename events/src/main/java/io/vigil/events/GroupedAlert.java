package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One alert inside a grouped {@link Notification}: what changed for it and why it is told.
 *
 * @param at when the change happened
 * @param actor who acknowledged, for {@link NotificationKind#ACKNOWLEDGED}; else null
 * @param comment the acknowledgement's comment; else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupedAlert(
        UUID alertId,
        String fingerprint,
        long sequence,
        NotificationKind kind,
        String rule,
        Severity severity,
        String summary,
        Map<String, String> labels,
        double value,
        Instant since,
        Instant at,
        String actor,
        String comment) {

    public GroupedAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
