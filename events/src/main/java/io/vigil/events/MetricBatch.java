package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one host observed in one tick: one record on {@link Topics#METRICS}, keyed by
 * {@link #host()}, never one record per sample.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricBatch(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        String host,
        List<MetricSample> samples) {

    public static final int SCHEMA_VERSION = 1;

    public MetricBatch {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** A new batch with a fresh event id, stamped with the current schema version. */
    public static MetricBatch of(EventSource source, String host, Instant at, List<MetricSample> samples) {
        return new MetricBatch(UUID.randomUUID(), at, source, SCHEMA_VERSION, host, samples);
    }
}
