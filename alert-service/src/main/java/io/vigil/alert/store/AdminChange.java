package io.vigil.alert.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.event.Event;

/**
 * A CDI event fired after an admin write (rule, silence or maintenance window) has committed, so the
 * engine reloads at once instead of on its next timer. Fired synchronously on the thread that saw
 * the commit (often a Vert.x event loop): observers must not block, and should reload through the
 * stores' {@code Uni} methods. Only this instance hears it; other instances need their own reload.
 */
public record AdminChange(Kind kind) {

    /** What changed: which store the engine should read again. */
    public enum Kind {
        RULES,
        SILENCES,
        MAINTENANCE
    }

    /**
     * Fires a change; an observer that throws is logged, not propagated, because the write it reports
     * has already committed and the caller must still hear that it succeeded.
     */
    static void fire(Event<AdminChange> event, Kind kind) {
        try {
            event.fire(new AdminChange(kind));
        } catch (RuntimeException e) {
            Log.warnf(e, "admin change observer failed kind=%s", kind);
        }
    }
}
