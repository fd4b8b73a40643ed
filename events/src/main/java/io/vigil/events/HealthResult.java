package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One run of one health check (or one heartbeat verdict): a record on
 * {@link Topics#HEALTH_RESULTS}, keyed by {@link #checkId()}. Flat, as Gatus keeps a result:
 * status, latency, what failed, when. Never carries a credential.
 *
 * @param checkId stable id of the check (its name), the Kafka key
 * @param type check kind: {@code http}, {@code tcp}, {@code postgres}, {@code mysql},
 *     {@code heartbeat}, {@code duplicati}
 * @param latencyMillis how long the run took (0 for push checks)
 * @param message what failed, or a short summary when everything held
 * @param labels the check's labels ({@code team: web}); alert rules match on them
 * @param details kind-specific facts: {@code status_code}, {@code failed_condition},
 *     {@code cert_expires_at}, a backup report's {@code result}, {@code duration_seconds}, ...
 * @param severity the severity the check asks for when it alerts (null: the rule decides)
 * @param removed the check was deleted (or its labels changed): the last word about these labels,
 *     so the alert-service resolves what they have open instead of waiting to forget them. Sent
 *     with status UP, so a consumer that does not know this field still ends up resolving.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthResult(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        String checkId,
        String type,
        HealthStatus status,
        long latencyMillis,
        String message,
        Map<String, String> labels,
        Map<String, String> details,
        Severity severity,
        boolean removed) {

    public static final int SCHEMA_VERSION = 1;

    public HealthResult {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(status, "status");
        type = type == null ? "" : type;
        message = message == null ? "" : message;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A result as versions before {@code removed} wrote it. */
    public HealthResult(UUID eventId, Instant occurredAt, EventSource source, int schemaVersion, String checkId,
            String type, HealthStatus status, long latencyMillis, String message, Map<String, String> labels,
            Map<String, String> details, Severity severity) {
        this(eventId, occurredAt, source, schemaVersion, checkId, type, status, latencyMillis, message, labels, details,
                severity, false);
    }

    /** The last word about a check's labels: the check was deleted, or now carries other labels. */
    public static HealthResult removal(EventSource source, String checkId, String type, Instant at,
            Map<String, String> labels) {
        return new HealthResult(UUID.randomUUID(), at, source, SCHEMA_VERSION, checkId, type, HealthStatus.UP, 0,
                "check removed", labels, Map.of(), null, true);
    }

    /** A new result with a fresh event id, stamped with the current schema version. */
    public static HealthResult of(EventSource source, String checkId, String type, Instant at, HealthStatus status,
            long latencyMillis, String message, Map<String, String> labels, Map<String, String> details,
            Severity severity) {
        return new HealthResult(UUID.randomUUID(), at, source, SCHEMA_VERSION, checkId, type, status, latencyMillis,
                message, labels, details, severity, false);
    }
}
