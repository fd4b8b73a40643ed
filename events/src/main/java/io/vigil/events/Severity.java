package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How bad an alert is, lowest first; {@link #compareTo} orders by badness. */
public enum Severity {
    @JsonProperty("warning")
    WARNING,
    @JsonProperty("critical")
    CRITICAL;

    /** The lower-case name used in JSON, config files and labels. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@code warning}/{@code critical} in any case; null for anything else. */
    public static Severity parse(String text) {
        if (text == null) {
            return null;
        }
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        return null;
    }
}
