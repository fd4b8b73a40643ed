package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something people must be told, on {@link Topics#NOTIFICATIONS} keyed by {@link #fingerprint()}.
 * {@link #eventId()} is the notification id: derived from alert id and sequence, so the same
 * transition published twice carries the same id and the notifier posts it once.
 *
 * @param previousSeverity the severity before, for {@link NotificationKind#SEVERITY_CHANGED}
 * @param since when the alert started
 * @param reason why the alert-service sends it now ({@code first}, {@code new_alerts}, {@code resolved},
 *     {@code repeat_due}, {@code acknowledged}, {@code flapping}, {@code inhibitor_cleared}); null from
 *     versions before grouping
 * @param route the route the alert-service grouped it under (the notifier delivers it there); null
 *     when it did not group
 * @param group every alert this post tells about; the top-level fields describe the first of them.
 *     Null from versions before grouping: the notification is about one alert
 * @param actor who acknowledged, for {@link NotificationKind#ACKNOWLEDGED}
 * @param comment the acknowledgement's comment
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Notification(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        NotificationKind kind,
        UUID alertId,
        String fingerprint,
        long sequence,
        String rule,
        Severity severity,
        Severity previousSeverity,
        String summary,
        Map<String, String> labels,
        double value,
        Instant since,
        String reason,
        String route,
        NotificationGroup group,
        String actor,
        String comment) {

    public static final int SCHEMA_VERSION = 1;

    public Notification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A notification about one alert, without a group (as versions before grouping sent). */
    public Notification(UUID eventId, Instant occurredAt, EventSource source, int schemaVersion,
            NotificationKind kind, UUID alertId, String fingerprint, long sequence, String rule, Severity severity,
            Severity previousSeverity, String summary, Map<String, String> labels, double value, Instant since) {
        this(eventId, occurredAt, source, schemaVersion, kind, alertId, fingerprint, sequence, rule, severity,
                previousSeverity, summary, labels, value, since, null, null, null, null, null);
    }

    /** The notification id for transition {@code sequence} of alert {@code alertId}; stable across replays. */
    public static UUID idFor(UUID alertId, long sequence) {
        return UUID.nameUUIDFromBytes((alertId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /** The host the alert is about, from its labels; null when the rule is not per host. */
    public String host() {
        return labels.get("host");
    }
}
