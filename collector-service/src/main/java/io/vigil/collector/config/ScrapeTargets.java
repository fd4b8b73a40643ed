package io.vigil.collector.config;

import io.vigil.config.ScrapeConfig;
import java.util.List;

/** The exporters to scrape, from the {@code scrape:} section of the Vigil file; empty without one. */
public record ScrapeTargets(List<ScrapeConfig> targets) {

    public ScrapeTargets {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
