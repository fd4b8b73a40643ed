package io.vigil.alert.silence;

import io.vigil.config.LabelMatcher;
import io.vigil.config.LabelMatchers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A silence: alerts whose attributes match every matcher are recorded but not notified from
 * {@code startsAt} (inclusive) to {@code endsAt} (exclusive). Matchers see the alert's labels plus
 * {@code rule} and {@code severity}.
 *
 * <p>A silence must select something: as in Alertmanager, at least one matcher must not match
 * the empty string. Without that rule {@code []}, {@code host=~".*"} or {@code host!="x"} would
 * mute every alert there is, which nobody means to do with one API call.
 */
public record Silence(UUID id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment) {

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("silence " + id + ": at least one matcher is required, "
                    + "a silence without matchers would mute every alert");
        }
        if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
            throw new IllegalArgumentException("silence " + id + ": " + matchers + " match every alert; "
                    + "at least one matcher must not match the empty string, such as host=\"web-1\"");
        }
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException(
                    "silence " + id + ": endsAt " + endsAt + " is before startsAt " + startsAt);
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("silence " + id + ": createdBy is required");
        }
        comment = comment == null ? "" : comment;
    }

    /** Whether it is in force: {@code startsAt <= at < endsAt}. */
    public boolean isActiveAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Whether it is over for good at {@code at} (it can be dropped). */
    public boolean isExpiredAt(Instant at) {
        return !at.isBefore(endsAt);
    }

    /** Whether it mutes an alert with these attributes at {@code at}. */
    public boolean mutes(Map<String, String> attributes, Instant at) {
        return isActiveAt(at) && LabelMatchers.matches(matchers, attributes);
    }
}
