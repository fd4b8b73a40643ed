package io.vigil.alert.pipeline;

import io.vigil.events.DomainFinding;
import io.vigil.events.HealthResult;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricBatchReader;

/**
 * How the records of one topic are read: the one stage of a pipeline that differs per topic. A
 * record that is not a valid event fails with {@link Json.EventFormatException} (and is
 * dead-lettered).
 */
@FunctionalInterface
public interface EventFormat {

    Event read(String value);

    /**
     * {@link MetricBatch} records, with the streaming {@link MetricBatchReader} (same batches and
     * rejections as {@code Json.read}, a fraction of the time and garbage). Not thread-safe, which
     * is fine: a pipeline reads one batch at a time.
     */
    static EventFormat metrics() {
        MetricBatchReader reader = new MetricBatchReader();
        return value -> Event.of(reader.read(value));
    }

    /** {@link HealthResult} records: a few a minute per check, so the ordinary mapper will do. */
    static EventFormat healthResults() {
        return value -> Event.of(Json.read(value, HealthResult.class));
    }

    /** {@link DomainFinding} records: one per subject per domain-service run, a few a minute at most. */
    static EventFormat domainFindings() {
        return value -> Event.of(Json.read(value, DomainFinding.class));
    }
}
