package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.FakeHostFiles.nic;
import static io.vigil.collector.sampling.FakeHostFiles.value;
import static io.vigil.collector.sampling.FakeHostFiles.write;

import static io.vigil.collector.sampling.MetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.collector.process.ProcFs;
import io.vigil.collector.process.ProcessGroup;
import io.vigil.collector.process.ProcessWatcher;
import io.vigil.collector.procfs.ProcFixtures;
import io.vigil.collector.sources.Sensors;
import io.vigil.events.MetricSample;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host root laid out in a temporary directory, as a container sees the host's {@code /proc},
 * {@code /sys} and {@code /} mounted at {@code /host/proc}, {@code /host/sys} and
 * {@code /host/root}: every value must come from there, none from this machine's own files (its
 * values differ from the fake ones: 3 processes, 3 GiB of memory, a {@code cpu41}, no
 * {@code /srv/fake-data}). Real files and the real {@code statvfs}, as in production.
 */
class HostRootSamplingTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private Path proc;
    private Path sys;
    private Path root;
    private HostPaths paths;

    @BeforeEach
    void layOutAHostRoot() throws IOException {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "the /proc reader runs on Linux only");
        proc = dir.resolve("host/proc");
        sys = dir.resolve("host/sys");
        root = dir.resolve("host/root");
        write(proc.resolve("stat"), """
                cpu  1000 10 500 8000 100 0 20 0 0 0
                cpu0 500 5 250 4000 50 0 10 0 0 0
                cpu41 500 5 250 4000 50 0 10 0 0 0
                intr 0
                """);
        write(proc.resolve("loadavg"), "7.77 6.66 5.55 2/345 12345\n");
        write(proc.resolve("meminfo"), ProcFixtures.MEMINFO.replace("16303428", Long.toString(3 * GIB / 1024)));
        write(proc.resolve("uptime"), "4242.75 1000.00\n");
        write(proc.resolve("diskstats"), ProcFixtures.DISKSTATS);
        write(proc.resolve("net/dev"), ProcFixtures.NET_DEV);
        write(proc.resolve("sys/kernel/hostname"), "fake-host-7\n");
        // The host's mount table is init's; self's would be the container's.
        write(proc.resolve("1/mountinfo"), """
                22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
                23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
                29 22 259:1 / /srv/fake-data rw,relatime shared:30 - xfs /dev/nvme0n1p1 rw
                30 22 259:2 / /not-under-rootfs rw,relatime shared:31 - ext4 /dev/nvme0n1p2 rw
                """);
        write(proc.resolve("self/mountinfo"), """
                40 1 0:50 / / rw,relatime - overlay overlay rw
                41 40 8:3 / /from-self rw,relatime - ext4 /dev/sda3 rw
                """);
        Files.createDirectories(root.resolve("srv/fake-data"));
        Files.createDirectories(root.resolve("from-self"));
        write(proc.resolve("77/stat"), stat(77));
        write(proc.resolve("77/cmdline"), "fake-worker\0--queue\0jobs\0");
        write(proc.resolve("78/stat"), stat(78));
        write(proc.resolve("78/cmdline"), "fake-worker\0--queue\0other\0");
        write(sys.resolve("block/nvme0n1/size"), "1000\n");
        nic(sys, "lo", "0x9", "00:00:00:00:00:00");
        nic(sys, "eth0", "0x1003", "02:fc:00:00:00:01");
        nic(sys, "wg0", "0x10d1", "");
        nic(sys, "ifb0", "0x82", "ae:6c:3c:ee:df:e8");
        write(sys.resolve("class/hwmon/hwmon0/name"), "fakechip\n");
        write(sys.resolve("class/hwmon/hwmon0/temp1_input"), "12345\n");
        write(sys.resolve("class/hwmon/hwmon0/temp1_label"), "Fake 1\n");
        paths = new HostPaths(proc, sys, root);
    }

    @Test
    void cpuLoadMemoryProcessesUptimeAndHostnameAreTheHostRootsOwn() {
        HostSampler sampler = HostSampler.forHost(paths);
        assertThat(sampler).isInstanceOf(LinuxHostSampler.class);
        write(proc.resolve("stat"), """
                cpu  1060 10 520 8115 105 0 20 0 0 0
                cpu0 560 5 270 4015 55 0 10 0 0 0
                cpu41 500 5 250 4100 50 0 10 0 0 0
                intr 0
                """);

        List<MetricSample> samples = sampler.sample();

        assertThat(value(samples, CPU_USAGE_RATIO, Map.of())).isEqualTo(80.0 / 200);
        assertThat(samples).filteredOn(s -> s.name().equals(CPU_CORE_USAGE_RATIO))
                .extracting(s -> s.labels().get(CPU)).containsExactly("0", "41");
        assertThat(value(samples, CPU_CORE_USAGE_RATIO, Map.of(CPU, "41"))).isEqualTo(0.0);
        assertThat(value(samples, LOAD1, Map.of())).isEqualTo(7.77);
        assertThat(value(samples, MEMORY_TOTAL_BYTES, Map.of())).isEqualTo(3.0 * GIB);
        // 1, 77 and 78: numeric entries of the host's /proc, not this machine's hundreds.
        assertThat(value(samples, PROCESSES, Map.of())).isEqualTo(3);
        assertThat(value(samples, UPTIME_SECONDS, Map.of())).isEqualTo(4242);
        assertThat(sampler.hostname()).isEqualTo("fake-host-7");
    }

    @Test
    void fileSystemsAreInitsMountsWithTheirSpaceReadBelowRootfs() {
        List<MetricSample> samples = HostSampler.forHost(paths).sample();

        Map<String, String> data = Map.of(MOUNT, "/srv/fake-data", DEVICE, "/dev/nvme0n1p1", FSTYPE, "xfs");
        assertThat(samples).filteredOn(s -> s.name().equals(FILESYSTEM_SIZE_BYTES)).extracting(MetricSample::labels)
                .as("/ and /srv/fake-data of 1/mountinfo; /not-under-rootfs has no space there; self's never read")
                .containsExactly(Map.of(MOUNT, "/", DEVICE, "/dev/sda2", FSTYPE, "ext4"), data);
        File under = root.resolve("srv/fake-data").toFile();
        assertThat(under.getTotalSpace()).isPositive();
        assertThat(value(samples, FILESYSTEM_SIZE_BYTES, data)).isEqualTo((double) under.getTotalSpace());
        assertThat(paths.mountPoint("/")).isEqualTo(root.toFile());
        assertThat(paths.mountPoint("/srv/fake-data")).isEqualTo(under);
    }

    @Test
    void disksAndInterfacesAreClassifiedByTheHostRootsSysfs() {
        AtomicLong clock = new AtomicLong(5_000);
        LinuxHostSampler sampler = new LinuxHostSampler(paths, LinuxHostSampler.FileSystemSpace.STATVFS, clock::get);
        sampler.sample();
        clock.addAndGet(2_000);

        List<MetricSample> samples = sampler.sample();

        // Only nvme0n1 has a /sys/block entry there; sda has none, whatever this machine has.
        assertThat(disks(samples)).containsExactly("nvme0n1");
        // eth0 is up with an address; lo is loopback, wg0 has no address and ifb0 is down, per that sysfs.
        assertThat(samples).filteredOn(s -> s.name().equals(NETWORK_RECEIVE_ERRORS_TOTAL))
                .extracting(s -> s.labels().get(INTERFACE)).containsExactly("eth0");
    }

    @Test
    void theMountTableOfThisMachinesProcIsItsOwn() {
        assertThat(HostPaths.THIS_HOST.mountTable()).isEqualTo(Path.of("/proc/self/mountinfo"));
        assertThat(paths.mountTable()).isEqualTo(proc.resolve("1/mountinfo"));
        assertThat(HostPaths.THIS_HOST.mountPoint("/srv/fake-data")).isEqualTo(new File("/srv/fake-data"));
    }

    @Test
    void sensorsAreTheHostSysfsHwmon() {
        assertThat(Sensors.forSysfs(sys).sample()).containsExactly(new MetricSample(Sensors.TEMPERATURE_CELSIUS,
                Map.of(Sensors.CHIP, "fakechip", Sensors.SENSOR, "Fake 1"), 12.345));
    }

    @Test
    void processGroupsAreTheHostProcsProcessesLeavingOutTheCollectorByThatProcsNumber() throws IOException {
        ProcFs procFs = ProcFs.at(proc);
        assertThat(procFs.pids()).containsExactlyInAnyOrder(1L, 77L, 78L);
        Files.delete(proc.resolve("self/mountinfo"));
        Files.delete(proc.resolve("self"));
        assertThat(procFs.selfPid()).as("no self link").isEmpty();
        Files.createSymbolicLink(proc.resolve("self"), Path.of("78"));
        assertThat(procFs.selfPid()).hasValue(78);

        List<MetricSample> samples = ProcessWatcher.forProcfs(
                List.of(new ProcessGroup("fake-worker", Pattern.compile("fake-worker"))), proc).sample();

        // 77 and 78 match; 78 is this JVM as that /proc numbers it.
        assertThat(value(samples, ProcessWatcher.INSTANCES, Map.of(ProcessWatcher.PROCESS, "fake-worker")))
                .isEqualTo(1);
    }

    private static String stat(long pid) {
        return pid + " (fake-worker) S 1 " + pid + " " + pid + " 0 -1 4194560 35181 0 12 0 "
                + "250 130 0 0 20 0 11 0 123456 1086763008 12345 18446744073709551615 1 1 0 0 0 0 0 "
                + "16781312 17922 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    }

    private static Set<String> disks(List<MetricSample> samples) {
        return samples.stream().filter(s -> s.name().equals(DISK_READ_BYTES_PER_SECOND))
                .map(s -> s.labels().get(DISK)).collect(Collectors.toSet());
    }
}
