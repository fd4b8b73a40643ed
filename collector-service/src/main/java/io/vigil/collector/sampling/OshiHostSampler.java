package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.MetricNames.*;

import io.vigil.events.MetricSample;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;
import oshi.util.GlobalConfig;

/**
 * {@link HostSampler} through OSHI, for hosts without Linux's {@code /proc} (a developer's macOS,
 * Windows); Linux has {@link LinuxHostSampler}, which reads the same from {@code /proc} at a small
 * part of the cost. Reads one snapshot of this host and names it as {@link MetricSample}s. It keeps
 * the previous CPU ticks and I/O counters, because usage and rates only exist between two
 * readings. The baseline is taken when the sampler is built, so the first {@link #sample()}
 * already reports CPU usage and rates over the time since then; the caller should therefore wait
 * one interval before the first sample. A series seen for the first time (a new disk or
 * interface) gets its rates from its second reading on.
 *
 * <p>Only the asked-for parts of OSHI are read, and processes are counted, never enumerated: a
 * full OSHI snapshot costs tens of milliseconds. Calls are serialized; one sampler per host.
 */
public final class OshiHostSampler implements HostSampler {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final RateCalculator rates = new RateCalculator();
    private long[] previousTicks;
    private long[][] previousCoreTicks;

    public OshiHostSampler(HardwareAbstractionLayer hardware, OperatingSystem os) {
        this.hardware = hardware;
        this.os = os;
        // OSHI objects are built once: creating them re-reads static hardware facts.
        this.processor = hardware.getProcessor();
        this.memory = hardware.getMemory();
        this.previousTicks = processor.getSystemCpuLoadTicks();
        this.previousCoreTicks = processor.getProcessorCpuLoadTicks();
        disks(null);
        networks(null);
    }

    /**
     * A sampler of the host whose {@code /proc} and {@code /sys} are at {@code paths}: OSHI's global
     * {@code oshi.util.proc.path} and {@code oshi.util.sys.path}, set before its first use because
     * its Linux classes read them once. OSHI has no root setting: its file systems are this
     * machine's mount points.
     */
    public static OshiHostSampler forHost(HostPaths paths) {
        if (!paths.isThisHost()) {
            GlobalConfig.set(GlobalConfig.OSHI_UTIL_PROC_PATH, paths.procfs().toString());
            GlobalConfig.set(GlobalConfig.OSHI_UTIL_SYS_PATH, paths.sysfs().toString());
        }
        SystemInfo system = new SystemInfo();
        return new OshiHostSampler(system.getHardware(), system.getOperatingSystem());
    }

    @Override
    public String hostname() {
        return os.getNetworkParams().getHostName();
    }

    @Override
    public synchronized List<MetricSample> sample() {
        List<MetricSample> samples = new ArrayList<>(64);
        cpu(samples);
        load(samples);
        memory(samples);
        fileSystems(samples);
        Set<String> seen = new HashSet<>();
        seen.addAll(disks(samples));
        seen.addAll(networks(samples));
        rates.retainOnly(seen);
        samples.add(MetricSample.of(PROCESSES, os.getProcessCount()));
        samples.add(MetricSample.of(UPTIME_SECONDS, os.getSystemUptime()));
        return samples;
    }

    private void cpu(List<MetricSample> samples) {
        long[] ticks = processor.getSystemCpuLoadTicks();
        long[][] coreTicks = processor.getProcessorCpuLoadTicks();
        HostSamples.ratio(samples, CPU_USAGE_RATIO, Map.of(), processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks));
        // A CPU brought on- or offline changes the core count; skip per-core usage for that tick.
        if (coreTicks.length == previousCoreTicks.length) {
            double[] perCore = processor.getProcessorCpuLoadBetweenTicks(previousCoreTicks, coreTicks);
            for (int i = 0; i < perCore.length; i++) {
                HostSamples.ratio(samples, CPU_CORE_USAGE_RATIO, Map.of(CPU, Integer.toString(i)), perCore[i]);
            }
        }
        previousTicks = ticks;
        previousCoreTicks = coreTicks;
    }

    private void load(List<MetricSample> samples) {
        double[] load = processor.getSystemLoadAverage(3);
        String[] names = {LOAD1, LOAD5, LOAD15};
        for (int i = 0; i < names.length && i < load.length; i++) {
            // OSHI reports a negative load where the OS has none (Windows).
            if (load[i] >= 0) {
                samples.add(MetricSample.of(names[i], load[i]));
            }
        }
    }

    private void memory(List<MetricSample> samples) {
        VirtualMemory swap = memory.getVirtualMemory();
        HostSamples.memory(samples, memory.getTotal(), memory.getAvailable(), swap.getSwapTotal(), swap.getSwapUsed());
    }

    private void fileSystems(List<MetricSample> samples) {
        // Local only: a statvfs on a dead NFS server can block the whole tick.
        List<OSFileStore> stores = os.getFileSystem().getFileStores(true);
        Set<String> mounts = new HashSet<>();
        for (OSFileStore store : stores) {
            String mount = store.getMount();
            long size = store.getTotalSpace();
            // A mount point mounted over twice shows the top one only; report it once.
            if (size <= 0 || DeviceFilter.isPseudoFileSystem(store.getType(), mount) || !mounts.add(mount)) {
                continue;
            }
            Map<String, String> labels = Map.of(MOUNT, mount, DEVICE, nonNull(store.getVolume()), FSTYPE,
                    nonNull(store.getType()));
            HostSamples.fileSystem(samples, labels, size, store.getFreeSpace(), store.getUsableSpace());
        }
    }

    /** Adds disk rates to {@code samples} (or only records counters when null); returns the rate keys read. */
    private Set<String> disks(List<MetricSample> samples) {
        Set<String> keys = new HashSet<>();
        // Listed afresh each tick so hot-plugged disks appear; listing reads the counters too.
        for (HWDiskStore disk : hardware.getDiskStores()) {
            if (DeviceFilter.isPseudoDisk(disk.getName())) {
                continue;
            }
            String name = shortDiskName(disk.getName());
            Map<String, String> labels = Map.of(DISK, name);
            HostSamples.rate(rates, keys, samples, "disk.read:" + name, DISK_READ_BYTES_PER_SECOND,
                    labels, disk.getReadBytes(), disk.getTimeStamp());
            HostSamples.rate(rates, keys, samples, "disk.write:" + name, DISK_WRITE_BYTES_PER_SECOND,
                    labels, disk.getWriteBytes(), disk.getTimeStamp());
        }
        return keys;
    }

    private Set<String> networks(List<MetricSample> samples) {
        Set<String> keys = new HashSet<>();
        // false: without loopback and interfaces that have no hardware address.
        for (NetworkIF nic : hardware.getNetworkIFs(false)) {
            NetworkInterface java = nic.queryNetworkInterface();
            if (DeviceFilter.isLoopback(nic.getName(), java != null && isLoopback(java))) {
                continue;
            }
            String name = nic.getName();
            Map<String, String> labels = Map.of(INTERFACE, name);
            HostSamples.rate(rates, keys, samples, "net.rx:" + name, NETWORK_RECEIVE_BYTES_PER_SECOND,
                    labels, nic.getBytesRecv(), nic.getTimeStamp());
            HostSamples.rate(rates, keys, samples, "net.tx:" + name, NETWORK_TRANSMIT_BYTES_PER_SECOND,
                    labels, nic.getBytesSent(), nic.getTimeStamp());
            if (samples != null) {
                samples.add(new MetricSample(NETWORK_RECEIVE_ERRORS_TOTAL, labels, nic.getInErrors()));
                samples.add(new MetricSample(NETWORK_TRANSMIT_ERRORS_TOTAL, labels, nic.getOutErrors()));
            }
        }
        return keys;
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    static String shortDiskName(String name) {
        return name != null && name.startsWith("/dev/") ? name.substring("/dev/".length()) : nonNull(name);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
