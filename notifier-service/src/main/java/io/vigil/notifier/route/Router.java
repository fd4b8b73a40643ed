package io.vigil.notifier.route;

import io.vigil.config.RouteConfig;
import io.vigil.events.Notification;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the route for a notification. The alert-service groups notifications under a route chosen
 * from the same {@code routes:} section, and names it: that route takes it. A notification naming no
 * route, or one this notifier does not know, goes to the first route, in file order, whose
 * {@code match} and {@code matchers} hold.
 */
public final class Router {

    private final List<RouteConfig> routes;
    private final Map<String, RouteConfig> byName = new LinkedHashMap<>();

    public Router(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
        // Names are unique in a valid file; should one repeat, the first wins, as in first-match routing.
        for (RouteConfig route : this.routes) {
            byName.putIfAbsent(route.name(), route);
        }
    }

    /** The route that takes this notification and how it was found (see {@link Routing.By}). */
    public Routing route(Notification notification) {
        String named = notification.route();
        if (named == null) {
            return new Routing(select(notification), Routing.By.MATCH, null);
        }
        RouteConfig route = byName.get(named);
        if (route != null) {
            // Not checked against the matchers again: the alert-service chose it from the same config,
            // and a group's top-level fields describe only its first alert.
            return new Routing(Optional.of(route), Routing.By.NAME, named);
        }
        return new Routing(select(notification), Routing.By.FALLBACK, named);
    }

    /** The first route whose matchers hold for this notification's attributes, or empty when none does. */
    public Optional<RouteConfig> select(Notification notification) {
        Map<String, String> attributes = attributes(notification);
        for (RouteConfig route : routes) {
            if (route.matches(attributes)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<RouteConfig> routes() {
        return routes;
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
