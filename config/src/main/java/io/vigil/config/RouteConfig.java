package io.vigil.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route from the {@code routes:} section: the first route whose matchers hold takes the
 * notification. The alert-service uses the same routes to group notifications (one post per
 * route and {@code group-by} values); the notifier delivers them.
 *
 * @param match equality matchers on {@code severity}, {@code rule}, {@code kind} or any alert label
 * @param matchers more matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}); all must hold
 * @param groupBy null: the {@code alerting:} default
 * @param groupWait null: the default; likewise groupInterval and repeatInterval
 */
public record RouteConfig(String name, Map<String, String> match, List<LabelMatcher> matchers,
        List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval,
        MattermostTarget mattermost) {

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mattermost, "mattermost");
        match = match == null ? Map.of() : Map.copyOf(match);
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
    }

    /** A route with equality matching only and default grouping. */
    public RouteConfig(String name, Map<String, String> match, MattermostTarget mattermost) {
        this(name, match, List.of(), null, null, null, null, mattermost);
    }

    /** Whether this route takes a notification with these attributes (severity, rule, kind, labels). */
    public boolean matches(Map<String, String> attributes) {
        return LabelMatchers.matches(match, attributes) && LabelMatchers.matches(matchers, attributes);
    }
}
