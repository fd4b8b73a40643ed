package io.vigil.notifier.route;

import io.vigil.config.RouteConfig;
import io.vigil.events.Notification;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Picks the route for a notification: the first route, in file order, whose {@code match} holds. */
public final class Router {

    private final List<RouteConfig> routes;

    public Router(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The route that takes this notification, or empty when none matches. */
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
