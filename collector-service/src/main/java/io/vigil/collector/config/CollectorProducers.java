package io.vigil.collector.config;

import io.quarkus.logging.Log;
import io.vigil.collector.sampling.HostSampler;
import io.vigil.config.ConfigException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

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
    CollectorSetup collectorSetup(VigilSettings settings, HostSampler sampler) {
        CollectorSetup setup;
        try {
            setup = CollectorSetup.load(settings.configFile().map(Path::of), sampler::hostname);
        } catch (ConfigException e) {
            // One plain line before Quarkus' stack trace: the message already names file and field.
            Log.errorf("config rejected: %s", e.getMessage());
            throw e;
        }
        Log.infof("collector configured file=%s interval=%s host=%s",
                settings.configFile().orElse("(none)"), setup.interval(), setup.hostId());
        return setup;
    }
}
