package io.vigil.alert.silence;

import java.util.Optional;

/**
 * Whether other firing alerts mute an alert. {@code inhibit.Inhibitor.Snapshot} is the
 * implementation; the interface lives here so that {@link Mutes} needs nothing from {@code inhibit}.
 */
@FunctionalInterface
public interface Inhibition {

    /** No alert inhibits any other (no inhibit rules, or nothing firing). */
    Inhibition NONE = alert -> Optional.empty();

    /** Why {@code alert} is inhibited, naming the inhibiting alert, or empty. */
    Optional<MuteReason> inhibits(AlertRef alert);
}
