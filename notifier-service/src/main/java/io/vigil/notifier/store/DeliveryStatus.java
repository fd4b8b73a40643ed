package io.vigil.notifier.store;

import java.util.Locale;

/** Where a notification is in the delivery log. */
public enum DeliveryStatus {
    /** Claimed and being delivered, or interrupted before an outcome was recorded. */
    PENDING,
    /** Mattermost accepted the post. */
    DELIVERED,
    /** Refused or out of attempts; sent to the dead-letter topic. */
    DEAD,
    /** No route matched; written to the log instead. */
    UNROUTED,
    /** A mute window of its route was open: kept in {@code notifier.held} until it closes. */
    HELD;

    /** Whether a redelivery of the notification is skipped (held ones are released by the hold, not by Kafka). */
    public boolean isFinal() {
        return this != PENDING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
