package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a notification is sent, Alertmanager-style: the reason decides the wording of the post. */
public enum NotificationKind {
    /** The alert started firing. */
    @JsonProperty("firing")
    FIRING,
    /** A firing alert changed severity. */
    @JsonProperty("severity_changed")
    SEVERITY_CHANGED,
    /** A firing alert resolved. */
    @JsonProperty("resolved")
    RESOLVED
}
