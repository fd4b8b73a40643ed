package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The verdict of one domain finding: as expected, worth a look, or broken. */
public enum FindingStatus {
    @JsonProperty("ok")
    OK,
    /** Not broken yet: a certificate expiring soon, a record still propagating, resolvers disagreeing. */
    @JsonProperty("warn")
    WARN,
    /** Broken: a mismatch, NXDOMAIN, an expired or invalid certificate, a drifted DDNS name. */
    @JsonProperty("fail")
    FAIL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@code ok}/{@code warn}/{@code fail} in any case; null for anything else. */
    public static FindingStatus parse(String text) {
        if (text == null) {
            return null;
        }
        for (FindingStatus s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        return null;
    }
}
