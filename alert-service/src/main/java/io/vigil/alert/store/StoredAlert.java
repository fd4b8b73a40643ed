package io.vigil.alert.store;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One incident of one alert as stored in {@code alert.alerts}, and as the API shows it. */
public record StoredAlert(
        UUID id,
        String fingerprint,
        String rule,
        AlertState state,
        Severity severity,
        Map<String, String> labels,
        double value,
        String summary,
        Instant startsAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant updatedAt,
        long sequence) {
}
