package io.vigil.notifier.route;

import io.vigil.config.RouteConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a notification goes, and how the {@link Router} found it.
 *
 * @param route the route that takes it; empty when none does
 * @param by how it was chosen
 * @param named the route the notification named, or null when it named none
 */
public record Routing(Optional<RouteConfig> route, By by, String named) {

    /** How a route was chosen. */
    public enum By {
        /** The alert-service named the route (it grouped the notification under it): delivered there. */
        NAME,
        /** The notification named no route (sent before grouping): the first route whose matchers hold. */
        MATCH,
        /**
         * The notification named a route this notifier does not have (its config is out of sync with the
         * alert-service's): the first route whose matchers hold, as if it had named none.
         */
        FALLBACK
    }

    public Routing {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(by, "by");
    }

    /** The chosen route's name, or null when none takes it. */
    public String routeName() {
        return route.map(RouteConfig::name).orElse(null);
    }
}
