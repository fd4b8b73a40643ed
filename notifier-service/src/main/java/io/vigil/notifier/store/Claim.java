package io.vigil.notifier.store;

import java.time.Duration;

/**
 * What claiming a notification in the delivery log came to.
 *
 * @param status the recorded status when {@link Kind#FINISHED}, else {@link DeliveryStatus#PENDING}
 * @param leaseLeft how long another process still holds the claim when {@link Kind#HELD}, else zero
 */
public record Claim(Kind kind, DeliveryStatus status, Duration leaseLeft) {

    /** The three answers a claim can get. */
    public enum Kind {
        /** This process holds the claim now (a new row, a row of its own, or one whose lease had ended). */
        TAKEN,
        /** Already delivered, dead or unrouted: nothing more to do. */
        FINISHED,
        /** Pending under another process whose lease has not ended: try again after {@link #leaseLeft()}. */
        HELD
    }

    /** Nothing left to do for this process (a release someone else already made). */
    public static Claim done() {
        return finished(DeliveryStatus.DELIVERED);
    }

    public static Claim taken() {
        return new Claim(Kind.TAKEN, DeliveryStatus.PENDING, Duration.ZERO);
    }

    static Claim finished(DeliveryStatus status) {
        return new Claim(Kind.FINISHED, status, Duration.ZERO);
    }

    static Claim held(Duration leaseLeft) {
        return new Claim(Kind.HELD, DeliveryStatus.PENDING, leaseLeft);
    }
}
