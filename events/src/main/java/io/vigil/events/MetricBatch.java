package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one host observed in one tick: one record on {@link Topics#METRICS}, keyed by
 * {@link #host()}, never one record per sample.
 *
 * @param intervalMillis how often the source sends a batch for this host (0: not said), so that an
 *     absence rule knows when a host is late
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricBatch(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        String host,
        List<MetricSample> samples,
        long intervalMillis) {

    public static final int SCHEMA_VERSION = 1;

    public MetricBatch {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** A batch without its source's interval (as versions before absence rules sent). */
    public MetricBatch(UUID eventId, Instant occurredAt, EventSource source, int schemaVersion, String host,
            List<MetricSample> samples) {
        this(eventId, occurredAt, source, schemaVersion, host, samples, 0);
    }

    /** A new batch with a fresh event id, stamped with the current schema version. */
    public static MetricBatch of(EventSource source, String host, Instant at, List<MetricSample> samples) {
        return new MetricBatch(UUID.randomUUID(), at, source, SCHEMA_VERSION, host, samples, 0);
    }

    /** A new batch from a source that sends every {@code intervalMillis}. */
    public static MetricBatch of(EventSource source, String host, Instant at, List<MetricSample> samples,
            long intervalMillis) {
        return new MetricBatch(UUID.randomUUID(), at, source, SCHEMA_VERSION, host, samples, intervalMillis);
    }
}
