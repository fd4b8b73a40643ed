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
    UNROUTED;

    /** Whether the notification needs no more work: a redelivery of it is skipped. */
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
