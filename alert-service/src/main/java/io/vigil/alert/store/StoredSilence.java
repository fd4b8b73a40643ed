package io.vigil.alert.store;

import io.vigil.config.LabelMatcher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A silence as stored in {@code alert.silences}; the engine turns it into a
 * {@code silence.Silence}, which decides what it mutes. Expired silences are kept for history.
 *
 * @param updatedBy null until it was changed or expired
 */
public record StoredSilence(UUID id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment, Instant createdAt, String updatedBy, Instant updatedAt) {

    public StoredSilence {
        matchers = List.copyOf(matchers);
    }

    /** Where a silence is in its life at {@code now}. */
    public enum Status {
        PENDING,
        ACTIVE,
        EXPIRED
    }

    public Status statusAt(Instant now) {
        if (!now.isBefore(endsAt)) {
            return Status.EXPIRED;
        }
        return now.isBefore(startsAt) ? Status.PENDING : Status.ACTIVE;
    }
}
