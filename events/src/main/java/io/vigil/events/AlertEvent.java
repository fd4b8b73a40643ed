package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One state transition of one alert, on {@link Topics#ALERTS} keyed by {@link #fingerprint()}.
 * {@link #sequence()} counts the alert's transitions from 1, so a consumer can drop replays.
 *
 * @param fromState the state before, null when the alert is new
 * @param value the sample value that caused the transition
 * @param since when the alert started (first breach)
 * @param reason why the transition happened when it was not a sample (a removed rule); null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertEvent(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        UUID alertId,
        String fingerprint,
        long sequence,
        String rule,
        AlertState fromState,
        AlertState state,
        Severity severity,
        Map<String, String> labels,
        double value,
        String summary,
        Instant since,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public AlertEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A transition caused by a sample, without a reason. */
    public AlertEvent(UUID eventId, Instant occurredAt, EventSource source, int schemaVersion, UUID alertId,
            String fingerprint, long sequence, String rule, AlertState fromState, AlertState state, Severity severity,
            Map<String, String> labels, double value, String summary, Instant since) {
        this(eventId, occurredAt, source, schemaVersion, alertId, fingerprint, sequence, rule, fromState, state,
                severity, labels, value, summary, since, null);
    }
}
