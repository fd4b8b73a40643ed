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
    RESOLVED,
    /** Someone acknowledged a firing alert: reminders stop until it resolves. */
    @JsonProperty("acknowledged")
    ACKNOWLEDGED,
    /** Still firing and not acknowledged after the repeat interval. */
    @JsonProperty("reminder")
    REMINDER,
    /** The series changes state too often: told once, quiet until it is stable. */
    @JsonProperty("flapping")
    FLAPPING
}
