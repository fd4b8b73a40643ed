package io.vigil.alert.dispatch;

import io.vigil.config.AlertingConfig;
import io.vigil.config.RouteConfig;
import io.vigil.config.RouteTree;
import io.vigil.config.RuleConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which route a change is told on and how its group is formed, from the same {@code routes:} tree the
 * notifier delivers with (the first route the walk takes, see {@link RouteTree}; the notifier also
 * delivers to the routes a {@code continue} leads to) and the {@code alerting:} defaults. The group
 * key is the route plus the values of its group-by labels: one post per group.
 */
public final class Routing {

    /** Where a change goes: the route (null when none matches) and its group settings. */
    public record Route(String name, List<String> groupBy, Duration groupWait, Duration groupInterval,
            Duration repeatInterval) {
    }

    private final RouteTree tree;
    private final AlertingConfig alerting;
    private final Clock clock;

    /** @param clock decides which routes' {@code active} windows are open */
    public Routing(List<RouteConfig> routes, AlertingConfig alerting, Clock clock) {
        this.tree = new RouteTree(routes);
        this.alerting = alerting;
        this.clock = clock;
    }

    public Routing(List<RouteConfig> routes, AlertingConfig alerting) {
        this(routes, alerting, Clock.systemUTC());
    }

    public AlertingConfig alerting() {
        return alerting;
    }

    /** The route for an alert with these attributes (labels, {@code rule}, {@code severity}, {@code kind}). */
    public Route route(Map<String, String> attributes) {
        return settings(tree.first(attributes, clock.instant()).orElse(null));
    }

    /** The settings of the route with this name (null or unknown: the defaults). */
    public Route byName(String name) {
        return settings(tree.byName(name).orElse(null));
    }

    private Route settings(RouteConfig r) {
        if (r == null) {
            return new Route(null, alerting.groupBy(), alerting.groupWait(), alerting.groupInterval(),
                    alerting.repeatInterval());
        }
        return new Route(r.name(), r.groupBy() != null ? r.groupBy() : alerting.groupBy(),
                or(r.groupWait(), alerting.groupWait()), or(r.groupInterval(), alerting.groupInterval()),
                or(r.repeatInterval(), alerting.repeatInterval()));
    }

    private static Duration or(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }

    /** The rule's repeat interval if it has one, else the route's. */
    public Duration repeatInterval(RuleConfig rule, Route route) {
        return rule != null && rule.repeatInterval() != null ? rule.repeatInterval() : route.repeatInterval();
    }

    /** The group-by labels of the route that the alert has, in name order. */
    public static Map<String, String> groupLabels(Route route, Map<String, String> labels) {
        Map<String, String> group = new TreeMap<>();
        for (String name : route.groupBy()) {
            String v = labels.get(name);
            if (v != null) {
                group.put(name, v);
            }
        }
        return group;
    }

    /** The group's key: route and group labels; readable in logs and the database. */
    public static String groupKey(Route route, Map<String, String> groupLabels) {
        StringBuilder sb = new StringBuilder(route.name() == null ? "-" : route.name()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : groupLabels.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
