package io.vigil.notifier.service;

/**
 * What happened to one notification.
 *
 * @param route the route name, or null when none matched
 */
public record Outcome(Kind kind, String route, int attempts) {

    /** The kinds of outcome, also the {@code outcome} metric tag. */
    public enum Kind {
        DELIVERED, DEAD, UNROUTED, DUPLICATE,
        /** A mute window of the route was open: kept until it closes. */
        HELD,
        /** Another process took the claim over while this one waited to retry; that one finishes it. */
        TAKEN_OVER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
