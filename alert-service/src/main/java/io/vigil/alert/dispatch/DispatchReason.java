package io.vigil.alert.dispatch;

import java.util.Locale;

/**
 * Why a post goes out now (Alertmanager's dedup stage answers the same question). Carried on the
 * notification as {@code reason}, and kept in the log line of every post.
 */
public enum DispatchReason {
    /** The group's first post. */
    FIRST,
    /** Alerts started firing (or changed severity) since the group's last post. */
    NEW_ALERTS,
    /** Only recoveries since the last post. */
    RESOLVED,
    /** Still firing, not acknowledged, and the repeat interval has passed. */
    REPEAT_DUE,
    /** Someone acknowledged. */
    ACKNOWLEDGED,
    /** A series started flapping: told once, quiet until stable. */
    FLAPPING,
    /** A flapping series has been stable for a window: its state is told again. */
    STABLE,
    /** The alert that inhibited these resolved while they still fire. */
    INHIBITOR_CLEARED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DispatchReason parse(String text) {
        return text == null ? null : valueOf(text.toUpperCase(Locale.ROOT));
    }
}
