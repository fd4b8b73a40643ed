package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an alert is in its lifecycle (Prometheus' pending/firing plus Alertmanager's resolved). */
public enum AlertState {
    /** The condition holds but not yet for the rule's {@code for} duration. */
    @JsonProperty("pending")
    PENDING,
    /** The condition has held long enough: people are told. */
    @JsonProperty("firing")
    FIRING,
    /**
     * Firing, and someone has taken it: reminders stop. Stored alerts stay {@code FIRING} with who
     * acknowledged; this state names the acknowledgement in history, on {@code alerts} and in the API.
     */
    @JsonProperty("acknowledged")
    ACKNOWLEDGED,
    /** The condition no longer holds (past the clear level, if any). Final for this alert. */
    @JsonProperty("resolved")
    RESOLVED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@code pending}/{@code firing}/{@code resolved} in any case; null for anything else. */
    public static AlertState parse(String text) {
        if (text == null) {
            return null;
        }
        for (AlertState s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        return null;
    }
}
