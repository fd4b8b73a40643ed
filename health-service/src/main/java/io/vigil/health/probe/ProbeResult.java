package io.vigil.health.probe;

import io.vigil.events.HealthStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a check found, before it is stamped with the check's labels and published.
 *
 * @param message what failed ({@code status 503 not in [200]}), or a short summary when up
 * @param details kind-specific facts: {@code status_code}, {@code failed_condition},
 *     {@code cert_expires_at} (ISO instant), {@code address} (the IP actually used), ...
 */
public record ProbeResult(HealthStatus status, long latencyMillis, String message, Map<String, String> details) {

    public ProbeResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ProbeResult up(long latencyMillis, String message, Map<String, String> details) {
        return new ProbeResult(HealthStatus.UP, latencyMillis, message, details);
    }

    public static ProbeResult down(long latencyMillis, String message, Map<String, String> details) {
        return new ProbeResult(HealthStatus.DOWN, latencyMillis, message, details);
    }

    public static ProbeResult degraded(long latencyMillis, String message, Map<String, String> details) {
        return new ProbeResult(HealthStatus.DEGRADED, latencyMillis, message, details);
    }
}
