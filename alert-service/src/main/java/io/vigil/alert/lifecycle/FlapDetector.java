package io.vigil.alert.lifecycle;

import io.vigil.config.Flapping;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Flap detection for one series: more than {@code changes} state changes (firing ↔ resolved)
 * within {@code window} make it flapping. The change that crosses the limit is notified once
 * ({@link Verdict#STARTED_FLAPPING}); later changes are recorded but kept quiet
 * ({@link Verdict#FLAPPING}) until the series has not changed for a whole window
 * ({@link #stableAt}). Keeps at most {@code changes + 1} timestamps. Fed in time order by one
 * thread, like {@link SeriesLifecycle}.
 */
public final class FlapDetector {

    /** What a state change means for notification. */
    public enum Verdict {
        /** Not flapping: notify as usual. */
        NORMAL,
        /** This change crossed the limit: say once that the series is flapping. */
        STARTED_FLAPPING,
        /** Still flapping: record, do not notify. */
        FLAPPING
    }

    private final Duration window;
    // The latest changes, oldest first from `next`, as a ring: only the last changes + 1 can decide.
    private final Instant[] recent;
    private int size;
    private int next;
    private boolean flapping;
    private Instant lastChange;

    public FlapDetector(Flapping settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.changes() < 1) {
            throw new IllegalArgumentException("flapping.changes must be at least 1, was " + settings.changes());
        }
        if (settings.window() == null || settings.window().isNegative() || settings.window().isZero()) {
            throw new IllegalArgumentException("flapping.window must be positive, was " + settings.window());
        }
        this.window = settings.window();
        this.recent = new Instant[settings.changes() + 1];
    }

    /**
     * Picks up a series stored as flapping (its alert's {@code flapping} flag), so that a restart
     * does not notify its next change: quiet until a whole window passes without change after
     * {@code lastChangeAt}.
     */
    public void restoreFlapping(Instant lastChangeAt) {
        flapping = true;
        lastChange = Objects.requireNonNull(lastChangeAt, "lastChangeAt");
        clearRecent();
    }

    /**
     * Records a state change at {@code at}. A series starts flapping when this change and the
     * {@code changes} before it lie within less than one window of each other.
     */
    public Verdict change(Instant at) {
        // A change stamped before the previous one still happened; count it at the previous time.
        if (lastChange != null && at.isBefore(lastChange)) {
            at = lastChange;
        }
        lastChange = at;
        if (flapping) {
            return Verdict.FLAPPING;
        }
        recent[next] = at;
        next = (next + 1) % recent.length;
        size = Math.min(size + 1, recent.length);
        if (size == recent.length && Duration.between(recent[next], at).compareTo(window) < 0) {
            flapping = true;
            // Changes while flapping do not count towards the next episode: it starts from stable.
            clearRecent();
            return Verdict.STARTED_FLAPPING;
        }
        return Verdict.NORMAL;
    }

    /**
     * True once, at the first call after a flapping series has gone a whole window without a
     * change; the series is no longer flapping afterwards. False otherwise.
     */
    public boolean stableAt(Instant now) {
        if (!flapping || Duration.between(lastChange, now).compareTo(window) < 0) {
            return false;
        }
        flapping = false;
        return true;
    }

    public boolean isFlapping() {
        return flapping;
    }

    private void clearRecent() {
        Arrays.fill(recent, null);
        size = 0;
        next = 0;
    }
}
