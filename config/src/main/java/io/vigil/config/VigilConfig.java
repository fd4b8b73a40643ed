package io.vigil.config;

import java.util.List;

/** The whole config file; a section a service did not ask to load is empty (or defaults). */
public record VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes,
        AlertingConfig alerting, List<InhibitRule> inhibit, List<MaintenanceConfig> maintenance,
        List<CheckConfig> checks, List<DomainConfig> domains, List<ScrapeConfig> scrape,
        List<ProcessConfig> processes, NotifierSettings notifier, HistoryConfig history) {

    public VigilConfig {
        notifier = notifier == null ? NotifierSettings.DEFAULTS : notifier;
        history = history == null ? HistoryConfig.DEFAULTS : history;
        collector = collector == null ? CollectorConfig.defaults() : collector;
        rules = rules == null ? List.of() : List.copyOf(rules);
        routes = routes == null ? List.of() : List.copyOf(routes);
        alerting = alerting == null ? AlertingConfig.DEFAULTS : alerting;
        inhibit = inhibit == null ? List.of() : List.copyOf(inhibit);
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
        checks = checks == null ? List.of() : List.copyOf(checks);
        domains = domains == null ? List.of() : List.copyOf(domains);
        scrape = scrape == null ? List.of() : List.copyOf(scrape);
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** Without the {@code history:} section. */
    public VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes,
            AlertingConfig alerting, List<InhibitRule> inhibit, List<MaintenanceConfig> maintenance,
            List<CheckConfig> checks, List<DomainConfig> domains, List<ScrapeConfig> scrape,
            List<ProcessConfig> processes, NotifierSettings notifier) {
        this(collector, rules, routes, alerting, inhibit, maintenance, checks, domains, scrape, processes, notifier,
                null);
    }

    /** Without the {@code notifier:} section. */
    public VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes,
            AlertingConfig alerting, List<InhibitRule> inhibit, List<MaintenanceConfig> maintenance,
            List<CheckConfig> checks, List<DomainConfig> domains, List<ScrapeConfig> scrape,
            List<ProcessConfig> processes) {
        this(collector, rules, routes, alerting, inhibit, maintenance, checks, domains, scrape, processes, null);
    }

    /** Without the collector's {@code scrape:} and {@code processes:} sections (as before they existed). */
    public VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes,
            AlertingConfig alerting, List<InhibitRule> inhibit, List<MaintenanceConfig> maintenance,
            List<CheckConfig> checks, List<DomainConfig> domains) {
        this(collector, rules, routes, alerting, inhibit, maintenance, checks, domains, null, null, null);
    }

    public VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes,
            AlertingConfig alerting, List<InhibitRule> inhibit, List<MaintenanceConfig> maintenance) {
        this(collector, rules, routes, alerting, inhibit, maintenance, null, null, null, null, null);
    }

    public VigilConfig(CollectorConfig collector, List<RuleConfig> rules, List<RouteConfig> routes) {
        this(collector, rules, routes, null, null, null, null, null, null, null, null);
    }

    public static VigilConfig empty() {
        return new VigilConfig(null, null, null);
    }
}
