package io.vigil.alert.store;

import io.vigil.config.LabelMatcher;
import io.vigil.config.LabelMatchers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A silence from {@code alert.silences}: alerts whose labels satisfy every matcher are recorded but
 * not told between {@code startsAt} (inclusive) and {@code endsAt} (exclusive). Expired silences
 * are kept for history.
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

    /** Whether it mutes alerts with these labels at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return statusAt(now) == Status.ACTIVE && LabelMatchers.matches(matchers, labels);
    }
}
