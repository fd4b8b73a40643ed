package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.FlapDetector;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.Flapping;
import io.vigil.events.AlertState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One alert identity of one rule (a series, or a group of series with {@code group-by}): its
 * lifecycle, and flap detection across the alerts it opens one after another. Every kind of rule
 * keeps its alerts in these, so flapping works the same for all.
 */
final class AlertSeries {

    final String fingerprint;
    final Map<String, String> labels;
    final SeriesLifecycle lifecycle;
    private final FlapDetector flap;
    private final Flapping flapping;
    private Transition lastResolved;
    private Instant lastChange;

    AlertSeries(SeriesLifecycle lifecycle, String fingerprint, Map<String, String> labels, Flapping flapping) {
        this.lifecycle = lifecycle;
        this.fingerprint = fingerprint;
        this.labels = labels;
        this.flapping = flapping;
        this.flap = new FlapDetector(flapping);
    }

    void restore(OpenAlert open) {
        lifecycle.restore(open);
        if (open.flapping()) {
            // Still flapping when the service stopped: stay quiet until a window passes without change.
            flap.restoreFlapping(open.updatedAt());
            lastChange = open.updatedAt();
        }
    }

    /** Passes a lifecycle change through flap detection: what people are told of it. */
    Optional<Transition> record(Optional<Transition> change) {
        if (change.isEmpty()) {
            return change;
        }
        Transition t = change.get();
        if (t.to() == AlertState.RESOLVED) {
            lastResolved = t;
        }
        if (!t.changesFiring()) {
            return Optional.of(flap.isFlapping() && t.to() != AlertState.PENDING ? t.withNotice(Transition.Notice.QUIET) : t);
        }
        lastChange = t.at();
        return switch (flap.change(t.at())) {
            case STARTED_FLAPPING -> Optional.of(t.withNotice(Transition.Notice.FLAPPING));
            case FLAPPING -> Optional.of(t.withNotice(Transition.Notice.QUIET));
            case NORMAL -> Optional.of(t);
        };
    }

    /**
     * Once a flapping series has been stable for a window, its current state is told again: the
     * firing alert, or the last one resolved.
     */
    Optional<Transition> checkStable(Instant now) {
        if (!flap.isFlapping() || !flap.stableAt(now)) {
            return Optional.empty();
        }
        Optional<Transition> note = lifecycle.note(now, "stable again after flapping");
        if (note.isPresent()) {
            return Optional.of(note.get().withNotice(Transition.Notice.STABLE));
        }
        if (lastResolved == null) {
            return Optional.empty();
        }
        Transition r = lastResolved;
        lastResolved = null;
        return Optional.of(new Transition(r.alertId(), r.fingerprint(), r.sequence() + 1, r.rule(), AlertState.RESOLVED,
                AlertState.RESOLVED, r.severity(), r.severity(), r.labels(), r.value(), r.summary(), r.since(), now,
                "stable again after flapping", Transition.Notice.STABLE));
    }

    boolean isFlapping() {
        return flap.isFlapping();
    }

    /** Nothing open and nothing for flap detection to remember: the series can be dropped and rebuilt later. */
    boolean isIdle(Instant now) {
        return !lifecycle.isOpen() && !flap.isFlapping()
                && (lastChange == null || !lastChange.plus(flapping.window()).isAfter(now));
    }
}
