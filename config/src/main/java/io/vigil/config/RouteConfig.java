package io.vigil.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route of the {@code routes:} tree. Walked in file order by {@link RouteTree}: the first route whose
 * matchers hold (and whose {@code active} windows, if any, are open) takes a notification — or the first
 * of its child {@code routes} that does — and with {@code continue} the walk goes on to the next
 * routes, so one notification can reach several. The alert-service groups notifications under the
 * first route taken (one post per route and {@code group-by} values); the notifier delivers them to
 * every route taken.
 *
 * <p>A child inherits from its parent what it does not set: destinations, group settings and
 * escalation steps (resolved when the file is loaded).
 *
 * @param match equality matchers on {@code severity}, {@code rule}, {@code kind} or any alert label
 * @param matchers more matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}); all must hold
 * @param groupBy null: the {@code alerting:} default
 * @param groupWait null: the default; likewise groupInterval and repeatInterval
 * @param destinations where its posts go: {@code mattermost:} first, then {@code destinations:}
 * @param continueMatching {@code continue}: after this route takes a notification, the walk goes on
 * @param active when set, the route takes notifications only while one of these windows is open
 * @param mute while one of these windows is open, its posts are held, and sent when it closes
 * @param escalate still firing and unacknowledged after each step's delay: tell the step's destination
 * @param routes child routes, tried when this route matches
 * @param defaultRoute {@code default: true}: takes what no other route takes
 */
public record RouteConfig(String name, Map<String, String> match, List<LabelMatcher> matchers,
        List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval,
        List<MattermostTarget> destinations, boolean continueMatching, List<Schedule> active, List<Schedule> mute,
        List<EscalationStep> escalate, List<RouteConfig> routes, boolean defaultRoute) {

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        match = match == null ? Map.of() : Map.copyOf(match);
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " has no destination");
        }
        active = active == null ? List.of() : List.copyOf(active);
        mute = mute == null ? List.of() : List.copyOf(mute);
        escalate = escalate == null ? List.of() : List.copyOf(escalate);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** A route with one destination and nothing of the tree (as routes were before the tree). */
    public RouteConfig(String name, Map<String, String> match, List<LabelMatcher> matchers,
            List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval,
            MattermostTarget mattermost) {
        this(name, match, matchers, groupBy, groupWait, groupInterval, repeatInterval,
                List.of(Objects.requireNonNull(mattermost, "mattermost")), false, null, null, null, null, false);
    }

    /** A route with equality matching only and default grouping. */
    public RouteConfig(String name, Map<String, String> match, MattermostTarget mattermost) {
        this(name, match, List.of(), null, null, null, null, mattermost);
    }

    /** The first destination. */
    public MattermostTarget mattermost() {
        return destinations.get(0);
    }

    /** Whether this route takes a notification with these attributes (severity, rule, kind, labels). */
    public boolean matches(Map<String, String> attributes) {
        return LabelMatchers.matches(match, attributes) && LabelMatchers.matches(matchers, attributes);
    }

    /** Whether the route takes notifications at this instant: it has no active windows, or one is open. */
    public boolean activeAt(Instant at) {
        return active.isEmpty() || active.stream().anyMatch(w -> w.activeAt(at));
    }

    /** Whether its posts are held at this instant (a mute window is open). */
    public boolean mutedAt(Instant at) {
        return mute.stream().anyMatch(w -> w.activeAt(at));
    }
}
