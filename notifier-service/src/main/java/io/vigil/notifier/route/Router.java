package io.vigil.notifier.route;

import io.vigil.config.RouteConfig;
import io.vigil.config.RouteTree;
import io.vigil.events.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the routes of a notification from the {@code routes:} tree ({@link RouteTree}). The
 * alert-service groups notifications under the first route the walk takes, and names it: that route
 * takes it, followed by the routes its {@code continue} leads to. A notification naming no route, or
 * one this notifier does not know, goes where the walk takes it.
 *
 * <p>The tree is the file's routes followed by those added through the API ({@link #replaceApiRoutes}),
 * swapped whole so that a walk always sees one consistent tree.
 */
public final class Router {

    private final List<RouteConfig> fileRoutes;
    private volatile List<RouteConfig> apiRoutes = List.of();
    private volatile RouteTree tree;

    public Router(List<RouteConfig> routes) {
        this.fileRoutes = List.copyOf(routes);
        this.tree = new RouteTree(fileRoutes);
    }

    /** Routes from the API, walked after the file's (top level, in the order they were added). */
    public void replaceApiRoutes(List<RouteConfig> routes) {
        List<RouteConfig> all = new ArrayList<>(fileRoutes);
        all.addAll(routes);
        RouteTree next = new RouteTree(all);
        apiRoutes = List.copyOf(routes);
        tree = next;
    }

    /** The file's routes, top level. */
    public List<RouteConfig> fileRoutes() {
        return fileRoutes;
    }

    /** The API's routes, top level. */
    public List<RouteConfig> apiRoutes() {
        return apiRoutes;
    }

    /** The routes that take this notification at {@code at} and how they were found (see {@link Routing.By}). */
    public Routing route(Notification notification, Instant at) {
        RouteTree tree = this.tree;
        String named = notification.route();
        Map<String, String> attributes = attributes(notification);
        List<RouteConfig> walked = tree.match(attributes, at);
        if (named == null) {
            return new Routing(walked, Routing.By.MATCH, null);
        }
        Optional<RouteConfig> route = tree.byName(named);
        if (route.isEmpty()) {
            return new Routing(walked, Routing.By.FALLBACK, named);
        }
        // Not checked against the matchers again: the alert-service chose it from the same config, and
        // a group's top-level fields describe only its first alert. What continue leads to is added.
        List<RouteConfig> routes = new ArrayList<>();
        routes.add(route.get());
        int at0 = walked.indexOf(route.get());
        if (at0 >= 0 && route.get().continueMatching()) {
            routes.addAll(walked.subList(at0 + 1, walked.size()));
        }
        return new Routing(routes, Routing.By.NAME, named);
    }

    /** {@link #route(Notification, Instant)} now. */
    public Routing route(Notification notification) {
        return route(notification, Instant.now());
    }

    /** {@link #select(Notification, Instant)} now. */
    public Optional<RouteConfig> select(Notification notification) {
        return select(notification, Instant.now());
    }

    /** The first route the walk takes for this notification at {@code at}, or empty when none does. */
    public Optional<RouteConfig> select(Notification notification, Instant at) {
        return this.tree.first(attributes(notification), at);
    }

    public RouteTree tree() {
        return tree;
    }

    public List<RouteConfig> routes() {
        return tree.all();
    }

    /**
     * What a route may match on: the alert labels plus {@code severity}, {@code rule} and {@code kind}.
     * The three named attributes win over labels of the same name, so a label cannot fake a severity.
     */
    public static Map<String, String> attributes(Notification n) {
        Map<String, String> attributes = new HashMap<>(n.labels());
        if (n.severity() != null) {
            attributes.put("severity", n.severity().label());
        } else {
            attributes.remove("severity");
        }
        if (n.rule() != null) {
            attributes.put("rule", n.rule());
        } else {
            attributes.remove("rule");
        }
        attributes.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
        return attributes;
    }
}
