package io.vigil.config;

import java.time.Duration;

/**
 * Flap detection: more than {@code changes} state changes (firing ↔ resolved) of one series within
 * {@code window} make it flapping: notified once, then quiet until it has not changed for a window.
 */
public record Flapping(int changes, Duration window) {

    public static final Flapping DEFAULT = new Flapping(6, Duration.ofMinutes(30));
}
