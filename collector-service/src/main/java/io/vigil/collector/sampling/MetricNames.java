package io.vigil.collector.sampling;

/**
 * The names of the host metrics, Prometheus style with the unit last (DESIGN §3). Alert rules refer
 * to these strings, so renaming one is a breaking change.
 */
public final class MetricNames {

    /** Busy share of all CPUs together, without labels. */
    public static final String CPU_USAGE_RATIO = "host_cpu_usage_ratio";
    /**
     * Busy share of one logical CPU, labelled {@value #CPU}. A name of its own, not a label on the
     * total, so that a rule on {@link #CPU_USAGE_RATIO} without label matchers means the whole host.
     */
    public static final String CPU_CORE_USAGE_RATIO = "host_cpu_core_usage_ratio";
    public static final String LOAD1 = "host_load1";
    public static final String LOAD5 = "host_load5";
    public static final String LOAD15 = "host_load15";
    public static final String MEMORY_TOTAL_BYTES = "host_memory_total_bytes";
    public static final String MEMORY_AVAILABLE_BYTES = "host_memory_available_bytes";
    public static final String MEMORY_USED_RATIO = "host_memory_used_ratio";
    public static final String SWAP_TOTAL_BYTES = "host_swap_total_bytes";
    public static final String SWAP_USED_BYTES = "host_swap_used_bytes";
    public static final String FILESYSTEM_SIZE_BYTES = "host_filesystem_size_bytes";
    /** Free space including blocks reserved for root, like node_exporter's {@code node_filesystem_free_bytes}. */
    public static final String FILESYSTEM_FREE_BYTES = "host_filesystem_free_bytes";
    /** Space an unprivileged process can still write, like {@code df}'s "Avail". */
    public static final String FILESYSTEM_AVAILABLE_BYTES = "host_filesystem_available_bytes";
    /** Used share as {@code df} reports it: used / (used + available). */
    public static final String FILESYSTEM_USED_RATIO = "host_filesystem_used_ratio";
    public static final String DISK_READ_BYTES_PER_SECOND = "host_disk_read_bytes_per_second";
    public static final String DISK_WRITE_BYTES_PER_SECOND = "host_disk_write_bytes_per_second";
    public static final String NETWORK_RECEIVE_BYTES_PER_SECOND = "host_network_receive_bytes_per_second";
    public static final String NETWORK_TRANSMIT_BYTES_PER_SECOND = "host_network_transmit_bytes_per_second";
    public static final String NETWORK_RECEIVE_ERRORS_TOTAL = "host_network_receive_errors_total";
    public static final String NETWORK_TRANSMIT_ERRORS_TOTAL = "host_network_transmit_errors_total";
    public static final String PROCESSES = "host_processes";
    public static final String UPTIME_SECONDS = "host_uptime_seconds";

    public static final String CPU = "cpu";
    public static final String MOUNT = "mount";
    public static final String DEVICE = "device";
    public static final String FSTYPE = "fstype";
    public static final String DISK = "disk";
    public static final String INTERFACE = "interface";

    private MetricNames() {
    }
}
