package io.vigil.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes rules and maintenance windows in the shape {@link ConfigLoader} reads (API responses,
 * exports): {@code parseRule(rule(r))} gives {@code r} back.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    /** A rule object: durations as {@code 5m}, levels as {@code {above: 0.9, for: 5m}}, matchers as text. */
    public static ObjectNode rule(RuleConfig rule) {
        return RuleFormat.write(rule);
    }

    /** A maintenance window object: weekdays with from/to, or cron with duration; always with its time zone. */
    public static ObjectNode maintenance(MaintenanceConfig window) {
        return MaintenanceFormat.write(window);
    }

    /** A check object with every secret in it (password, header values, token): for storage only. */
    public static ObjectNode check(CheckConfig check) {
        return CheckFormat.write(check, false);
    }

    /**
     * A check object for API answers and logs: secrets replaced by {@code ******}, except
     * {@code ${VAR}} references, which hold no secret.
     */
    public static ObjectNode maskedCheck(CheckConfig check) {
        return CheckFormat.write(check, true);
    }

    /** A domain object: resolvers as text, expectations by record type, TLS endpoints as host:port. */
    public static ObjectNode domain(DomainConfig domain) {
        return DomainFormat.write(domain);
    }

    /** A scrape target with its password or token: for storage only. */
    public static ObjectNode scrape(ScrapeConfig target) {
        return ScrapeFormat.write(target, false);
    }

    /**
     * A scrape target for API answers and logs: password and bearer token replaced by
     * {@code ******}, except {@code ${VAR}} references, which hold no secret.
     */
    public static ObjectNode maskedScrape(ScrapeConfig target) {
        return ScrapeFormat.write(target, true);
    }

    /** A watched process: name, match regex, user. */
    public static ObjectNode process(ProcessConfig process) {
        return ProcessFormat.write(process);
    }
}
