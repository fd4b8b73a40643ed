package io.vigil.collector.config;

import io.quarkus.logging.Log;
import io.vigil.collector.sampling.HostSampler;
import io.vigil.config.ConfigException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.util.List;
import io.vigil.support.VigilFile;
import org.eclipse.microprofile.config.Config;

/** Builds the plain-Java collector parts once per application. */
public class CollectorProducers {

    /** One sampler per process: it owns OSHI's objects and the previous ticks and counters. */
    @Produces
    @Singleton
    HostSampler hostSampler() {
        return HostSampler.forThisHost();
    }

    @Produces
    @Singleton
    CollectorSetup collectorSetup(VigilSettings settings, Config config, HostSampler sampler) {
        CollectorSetup setup;
        try {
            setup = CollectorSetup.from(VigilFile.load(config, ConfigLoader.Section.COLLECTOR), sampler::hostname);
        } catch (ConfigException e) {
            // One plain line before Quarkus' stack trace: the message already names file and field.
            Log.errorf("config rejected: %s", e.getMessage());
            throw e;
        }
        Log.infof("collector configured file=%s interval=%s host=%s",
                settings.configFile().orElse("(none)"), setup.interval(), setup.hostId());
        return setup;
    }

    /** The {@code scrape:} section; a bad target fails startup like a bad {@code collector:} section. */
    @Produces
    @Singleton
    ScrapeTargets scrapeTargets(Config config) {
        try {
            return new ScrapeTargets(VigilFile.load(config, ConfigLoader.Section.SCRAPE)
                    .map(VigilConfig::scrape).orElse(List.of()));
        } catch (ConfigException e) {
            Log.errorf("config rejected: %s", e.getMessage());
            throw e;
        }
    }
}
