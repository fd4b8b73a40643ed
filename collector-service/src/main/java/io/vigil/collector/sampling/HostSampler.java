package io.vigil.collector.sampling;

import java.nio.file.Files;
import java.util.Locale;

/**
 * The host's own metrics, one source of a tick (names in {@link MetricNames}): CPU, load, memory
 * and swap, local file systems, disk and network rates, process count and uptime. Rates and CPU
 * usage need two readings, so a sampler takes its baseline when it is built and the first
 * {@link #sample()} covers the time since then. Calls are serialized; one sampler per host.
 */
public interface HostSampler extends Sampler {

    /** The machine's host name as the OS reports it (not a DNS lookup, which may hang); empty if none. */
    String hostname();

    /**
     * The sampler for the machine this JVM runs on: on Linux one that reads {@code /proc} and
     * {@code /sys} directly and never loads OSHI; elsewhere OSHI's.
     */
    static HostSampler forThisHost() {
        return forHost(HostPaths.THIS_HOST);
    }

    /**
     * The sampler of the host whose {@code /proc}, {@code /sys} and {@code /} are at {@code paths}
     * (in a container, the host's mounted elsewhere): on Linux with a readable {@code stat} there,
     * the {@code /proc} reader; else OSHI's, told the same {@code /proc} and {@code /sys}.
     */
    static HostSampler forHost(HostPaths paths) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        if (linux && Files.isReadable(paths.procfs().resolve("stat"))) {
            return LinuxHostSampler.forHost(paths);
        }
        return OshiHostSampler.forHost(paths);
    }
}
