package io.vigil.alert.store;

import io.vigil.config.LabelMatcher;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts to list, and which page.
 *
 * @param states states as the API shows them ({@link AlertState#ACKNOWLEDGED} = firing and acknowledged;
 *     {@link AlertState#FIRING} = firing and not acknowledged)
 * @param severity null: any
 * @param rule null: any
 * @param matchers every one must hold for the alert's labels
 * @param after null: the first page
 */
public record AlertSearch(Set<AlertState> states, Severity severity, String rule, List<LabelMatcher> matchers,
        int limit, AlertCursor after) {

    public AlertSearch {
        states = Set.copyOf(Objects.requireNonNull(states, "states"));
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
