package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleConfig;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic collector batches (61 samples per host, the metrics collector-service sends) and the rules to run them against. */
public final class HostBatches {

    static final EventSource SOURCE = new EventSource("collector-service", "bench");
    static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

    /** A mount that only the extra label-matching rule selects. */
    private static final String[] MOUNTS = {"/", "/boot", "/home", "/var/lib/data", "/var/log"};
    private static final String[] DISKS = {"nvme0n1", "nvme1n1", "sda"};
    private static final String[] INTERFACES = {"eth0", "eth1"};
    private static final int CORES = 16;

    private HostBatches() {
    }

    /** The repository root: {@code -Dvigil.root}, set by bench/run. */
    static Path root() {
        return Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
    }

    /**
     * The three default rules of {@code ./vigil up} (high-cpu, low-memory, disk-full on {@code /})
     * plus one more label-matching rule, so two rules compete for every filesystem sample.
     */
    public static List<RuleConfig> rules() {
        ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.RULES);
        List<RuleConfig> rules = new ArrayList<>(
                loader.load(root().resolve("launcher/src/main/resources/default-vigil.yaml")).rules());
        rules.addAll(loader.parse("""
                rules:
                  - name: data-disk-full
                    metric: host_filesystem_used_ratio
                    labels: {mount: /var/lib/data, fstype: xfs}
                    warning:  {above: 0.80, for: 10m}
                    critical: {above: 0.90, for: 1m}
                    summary: "Data disk on {host} is {value} full"
                """).rules());
        return rules;
    }

    /**
     * One tick of host {@code h}. Every 10th host runs hot on CPU and every 20th has a full root
     * filesystem, so the evaluator keeps a realistic share of series pending or firing.
     */
    public static List<MetricSample> samples(int h) {
        return samples(h, h % 10 == 0 ? 0.97 : 0.20 + (h % 7) * 0.05);
    }

    /** One tick of host {@code h} with the given whole-host CPU usage. */
    public static List<MetricSample> samples(int h, double cpu) {
        double rootUsed = h % 20 == 0 ? 0.96 : 0.40 + (h % 5) * 0.05;
        List<MetricSample> s = new ArrayList<>(64);
        s.add(MetricSample.of("host_cpu_usage_ratio", cpu));
        for (int c = 0; c < CORES; c++) {
            s.add(MetricSample.of("host_cpu_core_usage_ratio", cpu + (c % 3) * 0.01, "cpu", Integer.toString(c)));
        }
        s.add(MetricSample.of("host_load1", 1.5));
        s.add(MetricSample.of("host_load5", 1.2));
        s.add(MetricSample.of("host_load15", 1.0));
        s.add(MetricSample.of("host_memory_total_bytes", 64e9));
        s.add(MetricSample.of("host_memory_available_bytes", 30e9));
        s.add(MetricSample.of("host_memory_used_ratio", 0.53));
        s.add(MetricSample.of("host_swap_total_bytes", 8e9));
        s.add(MetricSample.of("host_swap_used_bytes", 1e8));
        for (int m = 0; m < MOUNTS.length; m++) {
            Map<String, String> labels = Map.of("mount", MOUNTS[m], "device", "/dev/nvme0n1p" + (m + 1),
                    "fstype", m == 3 ? "xfs" : "ext4");
            double used = m == 0 ? rootUsed : 0.30 + m * 0.1;
            s.add(new MetricSample("host_filesystem_size_bytes", labels, 500e9));
            s.add(new MetricSample("host_filesystem_free_bytes", labels, 500e9 * (1 - used)));
            s.add(new MetricSample("host_filesystem_available_bytes", labels, 480e9 * (1 - used)));
            s.add(new MetricSample("host_filesystem_used_ratio", labels, used));
        }
        for (String disk : DISKS) {
            s.add(MetricSample.of("host_disk_read_bytes_per_second", 2.5e6, "disk", disk));
            s.add(MetricSample.of("host_disk_write_bytes_per_second", 4.1e6, "disk", disk));
        }
        for (String nic : INTERFACES) {
            s.add(MetricSample.of("host_network_receive_bytes_per_second", 1.2e6, "interface", nic));
            s.add(MetricSample.of("host_network_transmit_bytes_per_second", 0.8e6, "interface", nic));
            s.add(MetricSample.of("host_network_receive_errors_total", 0, "interface", nic));
            s.add(MetricSample.of("host_network_transmit_errors_total", 0, "interface", nic));
        }
        s.add(MetricSample.of("host_processes", 412));
        s.add(MetricSample.of("host_uptime_seconds", 1.2e6));
        return List.copyOf(s);
    }

    /** The host id of host number {@code h}; fixed width so that no id is a prefix of another. */
    public static String host(String prefix, int h) {
        return String.format("%s-%05d", prefix, h);
    }

    /** A batch of host {@code h} at {@code at}. */
    public static MetricBatch batch(String host, Instant at, List<MetricSample> samples) {
        return new MetricBatch(UUID.randomUUID(), at, SOURCE, MetricBatch.SCHEMA_VERSION, host, samples);
    }
}
