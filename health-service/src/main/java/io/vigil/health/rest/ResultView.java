package io.vigil.health.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.events.HealthResult;
import io.vigil.health.store.StoredResult;
import java.time.Instant;
import java.util.Map;

/** One result of a check as the API shows it. */
public record ResultView(
        String check,
        long seq,
        @JsonProperty("checked_at") Instant checkedAt,
        String status,
        @JsonProperty("latency_ms") long latencyMillis,
        String message,
        Map<String, String> details) {

    static ResultView of(StoredResult r) {
        return new ResultView(r.check(), r.seq(), r.checkedAt(), r.status().label(), r.latencyMillis(), r.message(),
                r.details());
    }

    static ResultView of(HealthResult r) {
        return new ResultView(r.checkId(), 0, r.occurredAt(), r.status().label(), r.latencyMillis(), r.message(),
                r.details());
    }
}
