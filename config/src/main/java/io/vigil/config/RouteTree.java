package io.vigil.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing tree of the {@code routes:} section, walked the way Alertmanager walks its routes: in
 * file order, a route that matches (and is active) takes the notification, unless one of its children
 * does (then the first such child, recursively); the walk stops there unless that route says
 * {@code continue}. When nothing takes it, the {@code default: true} route does, if there is one.
 *
 * <p>The alert-service and the notifier both walk it, so they agree on the first route taken.
 */
public final class RouteTree {

    private final List<RouteConfig> top;
    private final Map<String, RouteConfig> byName = new LinkedHashMap<>();
    private final RouteConfig defaultRoute;

    public RouteTree(List<RouteConfig> routes) {
        this.top = List.copyOf(routes);
        RouteConfig fallback = null;
        for (RouteConfig r : top) {
            if (r.defaultRoute() && fallback == null) {
                fallback = r;
            }
        }
        this.defaultRoute = fallback;
        index(top);
    }

    private void index(List<RouteConfig> routes) {
        for (RouteConfig r : routes) {
            // Names are unique in a valid file; should one repeat, the first wins, as in the walk.
            byName.putIfAbsent(r.name(), r);
            index(r.routes());
        }
    }

    /** Every route taken by a notification with these attributes at {@code at}, in walk order; may be empty. */
    public List<RouteConfig> match(Map<String, String> attributes, Instant at) {
        List<RouteConfig> taken = new ArrayList<>();
        walk(top, attributes, at, taken);
        if (taken.isEmpty() && defaultRoute != null) {
            taken.add(defaultRoute);
        }
        return taken;
    }

    /** The first route taken, which groups the notification; empty when none is. */
    public Optional<RouteConfig> first(Map<String, String> attributes, Instant at) {
        List<RouteConfig> taken = match(attributes, at);
        return taken.isEmpty() ? Optional.empty() : Optional.of(taken.get(0));
    }

    /**
     * Appends what {@code routes} take: each that matches takes it (or its children do), and the first
     * that does without {@code continue} ends the walk of its level.
     */
    private static void walk(List<RouteConfig> routes, Map<String, String> attributes, Instant at,
            List<RouteConfig> taken) {
        for (RouteConfig r : routes) {
            if (r.defaultRoute() || !r.matches(attributes) || !r.activeAt(at)) {
                continue;
            }
            int before = taken.size();
            walk(r.routes(), attributes, at, taken);
            if (taken.size() == before) {
                taken.add(r);
            }
            if (!r.continueMatching()) {
                return;
            }
        }
    }

    /** A route anywhere in the tree, by name. */
    public Optional<RouteConfig> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** Every route, parents before their children, in file order. */
    public List<RouteConfig> all() {
        return List.copyOf(byName.values());
    }

    /** The routes as written at the top of the section. */
    public List<RouteConfig> top() {
        return top;
    }

    public Optional<RouteConfig> defaultRoute() {
        return Optional.ofNullable(defaultRoute);
    }
}
