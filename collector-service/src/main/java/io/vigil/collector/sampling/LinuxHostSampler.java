package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.MetricNames.*;

import io.quarkus.logging.Log;
import io.vigil.collector.procfs.CpuTicks;
import io.vigil.collector.procfs.DiskStats;
import io.vigil.collector.procfs.MemInfo;
import io.vigil.collector.procfs.MountInfo;
import io.vigil.collector.procfs.NetDev;
import io.vigil.collector.procfs.ProcText;
import io.vigil.events.MetricSample;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@link HostSampler} for Linux, reading {@code /proc} and {@code /sys} directly: one read each of
 * {@code stat}, {@code loadavg}, {@code meminfo}, {@code uptime}, {@code diskstats} and
 * {@code net/dev} per tick into one reused buffer, a {@code statvfs} per local file system, and a
 * listing of {@code /proc} for the process count. No child process (OSHI ran {@code lsblk} every
 * tick for labels nobody read), no udev walk, and OSHI is not even loaded, which saves its
 * classes' metaspace.
 *
 * <p>{@code /proc}, {@code /sys} and {@code /} are those of {@link HostPaths}: in a container, the
 * host's mounted elsewhere. The mount table is then init's ({@link HostPaths#mountTable()}) and a
 * file system's space is read at rootfs + its mount point, labelled with the host's mount point.
 *
 * <p>What is read only when it changes: the mount table is read every {@link #MOUNT_RESCAN} and
 * parsed again only when its bytes differ from the last parsed ones; whether a device is a whole disk
 * ({@code /sys/block/<name>} exists) and whether an interface counts ({@code /sys/class/net/<name>}
 * {@code flags} and {@code address}) is looked up when the name first appears and again every
 * {@link #RESCAN}.
 *
 * <p>What is reported, and how it relates to the OSHI sampler it replaced on Linux:
 * <ul>
 * <li>File systems: every mount point of the mount table once, the top mount where one was mounted
 *     over (the one {@code statvfs} reaches, so labels and numbers agree), without pseudo and
 *     network file systems ({@link DeviceFilter}) and without those of size 0. Unlike OSHI it keeps
 *     mounts under {@code /run} (USB disks under {@code /run/media}) and an overlay at {@code /}
 *     (a container's root), as {@link DeviceFilter} always meant to.
 * <li>Disks: whole disks as {@code /sys/block} lists them (the set OSHI's udev walk found), minus
 *     {@link DeviceFilter#isPseudoDisk}; bytes from {@code /proc/diskstats} sectors × 512.
 * <li>Interfaces: those of {@code /proc/net/dev} that are not loopback, have a non-zero hardware
 *     address (OSHI's {@code getNetworkIFs(false)} rule; tunnels such as WireGuard have none) and
 *     are up. OSHI saw only interfaces holding an IP address; an up interface without one (a bridge
 *     or bond port) now appears too. An interface that is down when first seen is checked again
 *     when its counters move.
 * <li>CPU: all and per CPU from one read of {@code /proc/stat}, labelled with the kernel's CPU
 *     number; a CPU brought online gets usage from its second reading.
 * <li>Processes: entries of {@code /proc} that are process ids, as OSHI counted them (threads not
 *     included).
 * <li>Load: {@code /proc/loadavg}'s two decimals (OSHI's getloadavg(3) gave the kernel's 1/2048 steps).
 * </ul>
 */
public final class LinuxHostSampler implements HostSampler {

    /** How often the sysfs facts about disks and interfaces are looked up again. */
    static final Duration RESCAN = Duration.ofMinutes(10);

    /**
     * How often the mount table is read again. Reading {@code mountinfo} costs the kernel 0.12 ms for
     * 20 mounts here, a third of a whole tick, and grows with every container mount, for a table that
     * changes seldom. A new USB disk shows up within this time; a file system unmounted meanwhile
     * reports, under its old labels, the one beneath its mount point until then.
     */
    static final Duration MOUNT_RESCAN = Duration.ofSeconds(10);

    // <linux/if.h>
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;

    /**
     * The space of one mounted file system: the seam between the sampler and {@code statvfs(3)}.
     */
    @FunctionalInterface
    public interface FileSystemSpace {

        /**
         * {@code statvfs} through {@link File}: three calls, and still cheaper than one through JNA
         * (32 against 101 µs of CPU for the root file system, no allocation against 2.8 KB, in
         * {@code bench/run footprint --calls}), with no native library to load.
         */
        FileSystemSpace STATVFS = (mountPoint, into) -> {
            into[0] = mountPoint.getTotalSpace();
            into[1] = mountPoint.getFreeSpace();
            into[2] = mountPoint.getUsableSpace();
        };

        /**
         * Puts size, free bytes (root's reserve included) and bytes available to unprivileged users
         * into {@code into[0..2]}; zeros when the file system cannot be read.
         */
        void read(File mountPoint, long[] into);
    }

    /**
     * A local file system worth series, found in the mount table.
     *
     * @param mountPoint where its {@code statvfs} is done: the host's mount point below rootfs
     * @param labels with the mount point as the host names it
     */
    private record FileSystem(File mountPoint, Map<String, String> labels) {
    }

    /** What is known about a disk or interface name between rescans; its series' labels and rate keys. */
    private static final class Device {
        final boolean counted;
        final boolean waitingForUp;
        final Map<String, String> labels;
        final String inKey;
        final String outKey;
        long lastIn = -1;
        long lastOut = -1;

        Device(boolean counted, boolean waitingForUp, String labelName, String name, String kind) {
            this.counted = counted;
            this.waitingForUp = waitingForUp;
            this.labels = Map.of(labelName, name);
            this.inKey = kind + ".in:" + name;
            this.outKey = kind + ".out:" + name;
        }

        /** Whether the counters moved since the last tick: traffic on an interface that was down. */
        boolean moved(long in, long out) {
            return in != lastIn || out != lastOut;
        }
    }

    private final Path sysRoot;
    private final HostPaths paths;
    private final File procDir;
    private final File statFile;
    private final File loadavgFile;
    private final File meminfoFile;
    private final File uptimeFile;
    private final File diskstatsFile;
    private final File netDevFile;
    private final File mountinfoFile;
    private final File hostnameFile;
    private final FileSystemSpace space;
    private final LongSupplier millis;
    private final ProcText text = new ProcText();
    private final RateCalculator rates = new RateCalculator();
    private final Set<String> rateKeys = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final long[] spaceValues = new long[3];
    private final Map<String, Device> disks = new HashMap<>();
    private final Map<String, Device> interfaces = new HashMap<>();
    private final List<Map<String, String>> cpuLabels = new ArrayList<>();
    private CpuTicks previousCpu = new CpuTicks();
    private CpuTicks currentCpu = new CpuTicks();
    private byte[] parsedMountTable;
    private List<FileSystem> fileSystems = List.of();
    private long scannedAtMillis;
    private long mountsReadAtMillis;

    /**
     * A sampler of the host whose {@code /proc} and {@code /sys} are at the given paths, its root
     * at {@code /}.
     */
    public LinuxHostSampler(Path procRoot, Path sysRoot, FileSystemSpace space, LongSupplier millis) {
        this(new HostPaths(procRoot, sysRoot, Path.of("/")), space, millis);
    }

    /**
     * @param paths the host's {@code /proc}, {@code /sys} and {@code /}
     * @param space {@link FileSystemSpace#STATVFS} on a real host
     * @param millis a millisecond clock for rates and rescans; monotonic, so that a clock step
     *     makes no rate up
     */
    public LinuxHostSampler(HostPaths paths, FileSystemSpace space, LongSupplier millis) {
        this.paths = paths;
        Path procRoot = paths.procfs();
        this.sysRoot = paths.sysfs();
        this.procDir = procRoot.toFile();
        this.statFile = procRoot.resolve("stat").toFile();
        this.loadavgFile = procRoot.resolve("loadavg").toFile();
        this.meminfoFile = procRoot.resolve("meminfo").toFile();
        this.uptimeFile = procRoot.resolve("uptime").toFile();
        this.diskstatsFile = procRoot.resolve("diskstats").toFile();
        this.netDevFile = procRoot.resolve("net/dev").toFile();
        this.mountinfoFile = paths.mountTable().toFile();
        this.hostnameFile = procRoot.resolve("sys/kernel/hostname").toFile();
        this.space = space;
        this.millis = millis;
        this.scannedAtMillis = millis.getAsLong();
        // The baseline: the first sample's CPU usage and rates cover the time since now.
        if (read(statFile)) {
            previousCpu.parse(text);
        }
        disks(null, scannedAtMillis);
        networks(null, scannedAtMillis);
    }

    /** The sampler of this host's {@code /proc} and {@code /sys}. */
    public static LinuxHostSampler forThisHost() {
        return forHost(HostPaths.THIS_HOST);
    }

    /** The sampler of the host whose {@code /proc}, {@code /sys} and {@code /} are at {@code paths}. */
    public static LinuxHostSampler forHost(HostPaths paths) {
        return new LinuxHostSampler(paths, FileSystemSpace.STATVFS, () -> System.nanoTime() / 1_000_000);
    }

    @Override
    public synchronized String hostname() {
        return read(hostnameFile) ? text.content().strip() : "";
    }

    @Override
    public synchronized List<MetricSample> sample() {
        long now = millis.getAsLong();
        if (now - scannedAtMillis >= RESCAN.toMillis()) {
            // Forget what sysfs said: a disk replaced under the same name, an interface given an address.
            disks.clear();
            interfaces.clear();
            scannedAtMillis = now;
        }
        List<MetricSample> samples = new ArrayList<>(64);
        cpu(samples);
        load(samples);
        memory(samples);
        fileSystems(samples, now);
        rateKeys.clear();
        disks(samples, now);
        networks(samples, now);
        rates.retainOnly(rateKeys);
        processes(samples);
        uptime(samples);
        return samples;
    }

    private void cpu(List<MetricSample> samples) {
        if (!read(statFile)) {
            return;
        }
        currentCpu.parse(text);
        HostSamples.ratio(samples, CPU_USAGE_RATIO, Map.of(),
                CpuTicks.busy(previousCpu.total(), previousCpu.idle(), currentCpu.total(), currentCpu.idle()));
        int limit = currentCpu.cpuLimit();
        for (int cpu = 0; cpu < limit; cpu++) {
            // A CPU that just came online has no earlier reading; one that went offline has no line.
            if (currentCpu.has(cpu) && previousCpu.has(cpu)) {
                HostSamples.ratio(samples, CPU_CORE_USAGE_RATIO, cpuLabels(cpu), CpuTicks.busy(previousCpu.total(cpu),
                        previousCpu.idle(cpu), currentCpu.total(cpu), currentCpu.idle(cpu)));
            }
        }
        CpuTicks swap = previousCpu;
        previousCpu = currentCpu;
        currentCpu = swap;
    }

    private void load(List<MetricSample> samples) {
        if (!read(loadavgFile)) {
            return;
        }
        text.rewind();
        samples.add(MetricSample.of(LOAD1, text.nextDecimal()));
        samples.add(MetricSample.of(LOAD5, text.nextDecimal()));
        samples.add(MetricSample.of(LOAD15, text.nextDecimal()));
    }

    private void memory(List<MetricSample> samples) {
        if (!read(meminfoFile)) {
            return;
        }
        MemInfo memory = MemInfo.parse(text);
        HostSamples.memory(samples, memory.total(), memory.available(), memory.swapTotal(), memory.swapUsed());
    }

    private void fileSystems(List<MetricSample> samples, long now) {
        if (parsedMountTable == null || now - mountsReadAtMillis >= MOUNT_RESCAN.toMillis()) {
            if (!read(mountinfoFile)) {
                return;
            }
            mountsReadAtMillis = now;
            // Parsed again only when its bytes changed: most reads find the same table.
            if (parsedMountTable == null || !text.contentEquals(parsedMountTable, parsedMountTable.length)) {
                parsedMountTable = text.copyContent();
                fileSystems = localFileSystems(MountInfo.parse(text), paths);
            }
        }
        for (FileSystem fs : fileSystems) {
            space.read(fs.mountPoint(), spaceValues);
            long size = spaceValues[0];
            if (size <= 0) {
                continue; // gone since the table was read, unreadable, or a file system of no size
            }
            HostSamples.fileSystem(samples, fs.labels(), size, spaceValues[1], spaceValues[2]);
        }
    }

    /** The mounts that get series, one per mount point: local storage only (a dead NFS server blocks statvfs). */
    private static List<FileSystem> localFileSystems(List<MountInfo.Mount> mounts, HostPaths paths) {
        List<FileSystem> local = new ArrayList<>();
        for (MountInfo.Mount mount : MountInfo.visible(mounts)) {
            if (DeviceFilter.isPseudoFileSystem(mount.type(), mount.mountPoint())
                    || DeviceFilter.isNetworkFileSystem(mount.type())) {
                continue;
            }
            local.add(new FileSystem(paths.mountPoint(mount.mountPoint()),
                    Map.of(MOUNT, mount.mountPoint(), DEVICE, mount.source(), FSTYPE, mount.type())));
        }
        return List.copyOf(local);
    }

    /** Adds disk rates to {@code samples}, or only records the counters when it is null (the baseline). */
    private void disks(List<MetricSample> samples, long at) {
        if (!read(diskstatsFile)) {
            return;
        }
        for (DiskStats.Disk line : DiskStats.parse(text)) {
            Device disk = disks.get(line.name());
            if (disk == null) {
                disk = new Device(isWholeDisk(line.name()), false, DISK, line.name(), "disk");
                disks.put(line.name(), disk);
            }
            if (disk.counted) {
                HostSamples.rate(rates, rateKeys, samples, disk.inKey, DISK_READ_BYTES_PER_SECOND,
                        disk.labels, line.readBytes(), at);
                HostSamples.rate(rates, rateKeys, samples, disk.outKey, DISK_WRITE_BYTES_PER_SECOND,
                        disk.labels, line.writtenBytes(), at);
            }
        }
    }

    /** A whole disk has a directory in /sys/block, where a '/' in its name ({@code cciss/c0d0}) is a '!'. */
    private boolean isWholeDisk(String name) {
        return !DeviceFilter.isPseudoDisk(name)
                && sysRoot.resolve("block").resolve(name.replace('/', '!')).toFile().exists();
    }

    private void networks(List<MetricSample> samples, long at) {
        if (!read(netDevFile)) {
            return;
        }
        for (NetDev.Interface line : NetDev.parse(text)) {
            Device nic = interfaces.get(line.name());
            if (nic == null || (nic.waitingForUp && nic.moved(line.receivedBytes(), line.sentBytes()))) {
                nic = classifyInterface(line.name());
                interfaces.put(line.name(), nic);
            }
            nic.lastIn = line.receivedBytes();
            nic.lastOut = line.sentBytes();
            if (!nic.counted) {
                continue;
            }
            HostSamples.rate(rates, rateKeys, samples, nic.inKey, NETWORK_RECEIVE_BYTES_PER_SECOND,
                    nic.labels, line.receivedBytes(), at);
            HostSamples.rate(rates, rateKeys, samples, nic.outKey, NETWORK_TRANSMIT_BYTES_PER_SECOND,
                    nic.labels, line.sentBytes(), at);
            if (samples != null) {
                samples.add(new MetricSample(NETWORK_RECEIVE_ERRORS_TOTAL, nic.labels, line.receiveErrors()));
                samples.add(new MetricSample(NETWORK_TRANSMIT_ERRORS_TOTAL, nic.labels, line.transmitErrors()));
            }
        }
    }

    /**
     * Whether an interface gets series: not loopback, a hardware address that is not all zeros, and
     * up. What sysfs cannot tell (no such directory) does not exclude it; only loopback by name then.
     */
    private Device classifyInterface(String name) {
        Path dir = sysRoot.resolve("class/net").resolve(name);
        int flags = -1;
        if (text.read(dir.resolve("flags").toFile())) {
            text.rewind();
            if (text.skipIf("0x")) {
                flags = parseHex(text.nextWord());
            }
        }
        boolean hasAddress = !text.read(dir.resolve("address").toFile()) || hasHardwareAddress(text.content());
        boolean loopback = DeviceFilter.isLoopback(name, flags >= 0 && (flags & IFF_LOOPBACK) != 0);
        boolean up = flags < 0 || (flags & IFF_UP) != 0;
        return new Device(!loopback && hasAddress && up, !loopback && hasAddress && !up, INTERFACE, name, "net");
    }

    /** Whether an address such as {@code 02:fc:00:00:00:01} has a digit other than 0; empty has none. */
    static boolean hasHardwareAddress(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c != '0' && c != ':' && !Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    private static int parseHex(String digits) {
        try {
            return Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void processes(List<MetricSample> samples) {
        String[] names = procDir.list();
        if (names == null) {
            return;
        }
        int count = 0;
        for (String name : names) {
            // Only processes have numeric entries; threads live under /proc/<pid>/task.
            if (!name.isEmpty() && name.charAt(0) >= '0' && name.charAt(0) <= '9') {
                count++;
            }
        }
        samples.add(MetricSample.of(PROCESSES, count));
    }

    private void uptime(List<MetricSample> samples) {
        if (!read(uptimeFile)) {
            return;
        }
        text.rewind();
        // Whole seconds, as OSHI reported them.
        samples.add(MetricSample.of(UPTIME_SECONDS, (long) text.nextDecimal()));
    }

    private Map<String, String> cpuLabels(int cpu) {
        while (cpuLabels.size() <= cpu) {
            cpuLabels.add(Map.of(CPU, Integer.toString(cpuLabels.size())));
        }
        return cpuLabels.get(cpu);
    }

    /** Reads a file into the buffer; logs once when it becomes unreadable and once when it is back. */
    private boolean read(File file) {
        if (text.read(file)) {
            if (!failing.isEmpty() && failing.remove(file.getPath())) {
                Log.infof("host file readable again file=%s", file);
            }
            return true;
        }
        if (failing.add(file.getPath())) {
            Log.warnf("host file unreadable file=%s: its samples are left out until it can be read", file);
        }
        return false;
    }
}
