package io.vigil.notifier.route;

import io.vigil.config.RouteConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a notification goes, and how the {@link Router} found it.
 *
 * @param routes the routes that take it, first the one that groups it; empty when none does
 * @param by how they were chosen
 * @param named the route the notification named, or null when it named none
 */
public record Routing(List<RouteConfig> routes, By by, String named) {

    /** How a route was chosen. */
    public enum By {
        /** The alert-service named the route (it grouped the notification under it): delivered there. */
        NAME,
        /** The notification named no route (sent before grouping): where the walk of the tree takes it. */
        MATCH,
        /**
         * The notification named a route this notifier does not have (its config is out of sync with the
         * alert-service's): where the walk takes it, as if it had named none.
         */
        FALLBACK
    }

    public Routing {
        routes = List.copyOf(routes);
        Objects.requireNonNull(by, "by");
    }

    /** The first route, which grouped it. */
    public Optional<RouteConfig> route() {
        return routes.isEmpty() ? Optional.empty() : Optional.of(routes.get(0));
    }

    /** The first route's name, or null when none takes it. */
    public String routeName() {
        return route().map(RouteConfig::name).orElse(null);
    }
}
