package io.vigil.config;

import java.util.List;

/** The whole config file; a section a service did not ask to load is empty. */
public record VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes) {

    public VigilConfig {
        collector = collector == null ? CollectorConfig.defaults() : collector;
        rules = rules == null ? List.of() : List.copyOf(rules);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    public static VigilConfig empty() {
        return new VigilConfig(null, null, null);
    }
}
