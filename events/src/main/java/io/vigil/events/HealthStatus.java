package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The verdict of one health check run (Gatus' and Uptime Kuma's three states). */
public enum HealthStatus {
    /** Every condition held. */
    @JsonProperty("up")
    UP,
    /** Answering, but not as asked: too slow, a backup with errors, a condition that may warn. */
    @JsonProperty("degraded")
    DEGRADED,
    /** Not answering, or a condition failed. */
    @JsonProperty("down")
    DOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@code up}/{@code degraded}/{@code down} in any case; null for anything else. */
    public static HealthStatus parse(String text) {
        if (text == null) {
            return null;
        }
        for (HealthStatus s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        return null;
    }
}
