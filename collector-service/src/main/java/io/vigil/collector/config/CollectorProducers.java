package io.vigil.collector.config;

import io.quarkus.logging.Log;
import io.vigil.collector.process.ProcessGroup;
import io.vigil.collector.process.ProcessWatcher;
import io.vigil.collector.sampling.CombinedSampler;
import io.vigil.collector.sampling.HostPaths;
import io.vigil.collector.sampling.HostSampler;
import io.vigil.collector.sampling.Sampler;
import io.vigil.collector.sources.Fail2Ban;
import io.vigil.collector.sources.Sensors;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.support.VigilFile;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Builds the plain-Java collector parts once per application. */
public class CollectorProducers {

    /**
     * Where the host's {@code /proc}, {@code /sys} and {@code /} are: {@code collector.procfs},
     * {@code sysfs}, {@code rootfs} of the file or {@code VIGIL_COLLECTOR_PROCFS} and the others; a
     * path that is no directory fails startup like a bad {@code collector:} section.
     */
    @Produces
    @Singleton
    HostPaths hostPaths(VigilSettings settings, Config config) {
        HostPaths paths;
        try {
            paths = HostPathsSetup.from(VigilFile.load(config, ConfigLoader.Section.COLLECTOR),
                    HostPathsSetup.overrides(settings.collector()));
        } catch (ConfigException e) {
            Log.errorf("config rejected: %s", e.getMessage());
            throw e;
        }
        if (!paths.isThisHost()) {
            Log.infof("collector reads host procfs=%s sysfs=%s rootfs=%s mounts=%s", paths.procfs(), paths.sysfs(),
                    paths.rootfs(), paths.mountTable());
        }
        return paths;
    }

    /**
     * One sampler per process: it holds the previous CPU ticks and counters. On Linux it reads
     * {@code /proc} itself and OSHI is never loaded; elsewhere it is OSHI's.
     */
    @Produces
    @Singleton
    @Typed(HostSampler.class)
    HostSampler hostSampler(HostPaths paths) {
        return HostSampler.forHost(paths);
    }

    /**
     * What one tick reads: the host, the process groups of the {@code processes:} section, and
     * Fail2Ban and sensors where the host has them (each skipped, logged once, where it has not).
     */
    @Produces
    @Singleton
    Sampler sampler(HostSampler host, HostPaths paths, Fail2Ban fail2Ban, Config config) {
        List<ProcessGroup> groups;
        try {
            groups = VigilFile.load(config, ConfigLoader.Section.PROCESSES).map(VigilConfig::processes)
                    .orElse(List.of()).stream().map(p -> new ProcessGroup(p.name(), p.match())).toList();
        } catch (ConfigException e) {
            Log.errorf("config rejected: %s", e.getMessage());
            throw e;
        }
        Map<String, Sampler> sources = new LinkedHashMap<>();
        sources.put("host", host);
        if (!groups.isEmpty()) {
            sources.put("processes", ProcessWatcher.forProcfs(groups, paths.procfs())::sample);
        }
        sources.put("fail2ban", fail2Ban::sample);
        sources.put("sensors", Sensors.forSysfs(paths.sysfs())::sample);
        return new CombinedSampler(sources);
    }

    /** Fail2Ban's counts, refreshed in the background where {@code fail2ban-client} exists. */
    @Produces
    @Singleton
    Fail2Ban fail2Ban() {
        return Fail2Ban.forThisHost();
    }

    void closeFail2Ban(@Disposes Fail2Ban fail2Ban) {
        fail2Ban.close();
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
