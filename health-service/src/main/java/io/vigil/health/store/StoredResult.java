package io.vigil.health.store;

import io.vigil.events.HealthStatus;
import java.time.Instant;
import java.util.Map;

/** One recent result of a check, as kept in {@code health.results} and shown by the API. */
public record StoredResult(String check, long seq, Instant checkedAt, HealthStatus status, long latencyMillis,
        String message, Map<String, String> details) {
}
