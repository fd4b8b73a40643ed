package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code collector:} section.
 *
 * @param interval how often the host is sampled; at least one second
 * @param host the host id to publish under; null means the machine's hostname
 * @param procfs where the host's {@code /proc} is mounted (node_exporter's {@code --path.procfs});
 *     absolute, {@value #DEFAULT_PROCFS} by default
 * @param sysfs where the host's {@code /sys} is mounted ({@code --path.sysfs}); absolute,
 *     {@value #DEFAULT_SYSFS} by default
 * @param rootfs where the host's {@code /} is mounted ({@code --path.rootfs}): a file system's
 *     space is read at rootfs + its mount point; absolute, {@value #DEFAULT_ROOTFS} by default
 */
public record CollectorConfig(Duration interval, String host, String procfs, String sysfs, String rootfs) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final String DEFAULT_PROCFS = "/proc";
    public static final String DEFAULT_SYSFS = "/sys";
    public static final String DEFAULT_ROOTFS = "/";

    public CollectorConfig {
        Objects.requireNonNull(interval, "interval");
        procfs = procfs == null ? DEFAULT_PROCFS : procfs;
        sysfs = sysfs == null ? DEFAULT_SYSFS : sysfs;
        rootfs = rootfs == null ? DEFAULT_ROOTFS : rootfs;
    }

    /** With the host's own {@code /proc}, {@code /sys} and {@code /} (as before the paths existed). */
    public CollectorConfig(Duration interval, String host) {
        this(interval, host, null, null, null);
    }

    public static CollectorConfig defaults() {
        return new CollectorConfig(DEFAULT_INTERVAL, null);
    }
}
