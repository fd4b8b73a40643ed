package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.FakeHostFiles.nic;
import static io.vigil.collector.sampling.FakeHostFiles.value;
import static io.vigil.collector.sampling.FakeHostFiles.write;

import static io.vigil.collector.sampling.MetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.procfs.ProcFixtures;
import io.vigil.events.MetricSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /proc sampler on a fake /proc and /sys laid out in a temporary directory: given a host's
 * files, when it samples, then these series with these values. The clock and statvfs are fakes,
 * so rates and sizes are exact.
 */
class LinuxHostSamplerFixtureTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path root;

    private Path proc;
    private Path sys;
    private final AtomicLong clock = new AtomicLong(5_000);
    private final Map<String, long[]> space = new HashMap<>();
    private LinuxHostSampler sampler;

    @BeforeEach
    void layOutAHost() {
        proc = root.resolve("proc");
        sys = root.resolve("sys");
        write(proc.resolve("stat"), ProcFixtures.STAT);
        write(proc.resolve("loadavg"), "0.52 0.58 0.59 2/345 12345\n");
        write(proc.resolve("meminfo"), ProcFixtures.MEMINFO);
        write(proc.resolve("uptime"), "350735.97 234388.90\n");
        write(proc.resolve("diskstats"), ProcFixtures.DISKSTATS);
        write(proc.resolve("net/dev"), ProcFixtures.NET_DEV);
        write(proc.resolve("1/mountinfo"), ProcFixtures.MOUNTINFO);
        write(proc.resolve("sys/kernel/hostname"), "web-1\n");
        for (String pid : List.of("1", "42", "4242")) {
            write(proc.resolve(pid).resolve("stat"), "");
        }
        for (String disk : List.of("loop0", "ram0", "nvme0n1", "sda", "zram0")) {
            write(sys.resolve("block").resolve(disk).resolve("size"), "1000\n");
        }
        nic(sys, "lo", "0x9", "00:00:00:00:00:00");
        nic(sys, "eth0", "0x1003", "02:fc:00:00:00:01");
        nic(sys, "wg0", "0x10d1", "");
        nic(sys, "ifb0", "0x82", "ae:6c:3c:ee:df:e8");
        space.put("/", new long[] {100 * GIB, 40 * GIB, 35 * GIB});
        space.put("/boot/efi", new long[] {GIB / 2, GIB / 4, GIB / 4});
        space.put("/mnt/my disk", new long[] {2 * GIB, GIB, GIB});
        space.put("/data", new long[] {100 * GIB, 40 * GIB, 35 * GIB});
        space.put("/var/lib/postgresql", new long[] {50 * GIB, 10 * GIB, 10 * GIB});
        space.put("/srv/share", new long[] {1000 * GIB, 500 * GIB, 500 * GIB});
        sampler = new LinuxHostSampler(proc, sys, (mount, into) -> {
            long[] values = space.getOrDefault(mount.getPath(), new long[3]);
            System.arraycopy(values, 0, into, 0, 3);
        }, clock::get);
    }

    @Test
    void firstSampleReportsTheHostWithoutRates() {
        List<MetricSample> samples = sampler.sample();

        assertThat(value(samples, LOAD1, Map.of())).isEqualTo(0.52);
        assertThat(value(samples, LOAD5, Map.of())).isEqualTo(0.58);
        assertThat(value(samples, LOAD15, Map.of())).isEqualTo(0.59);
        assertThat(value(samples, MEMORY_TOTAL_BYTES, Map.of())).isEqualTo(16303428.0 * 1024);
        assertThat(value(samples, MEMORY_AVAILABLE_BYTES, Map.of())).isEqualTo(8151714.0 * 1024);
        assertThat(value(samples, MEMORY_USED_RATIO, Map.of())).isEqualTo(0.5);
        assertThat(value(samples, SWAP_TOTAL_BYTES, Map.of())).isEqualTo(2.0 * GIB);
        assertThat(value(samples, SWAP_USED_BYTES, Map.of())).isEqualTo(1.0 * GIB);
        assertThat(value(samples, PROCESSES, Map.of())).isEqualTo(3);
        assertThat(value(samples, UPTIME_SECONDS, Map.of())).isEqualTo(350735);
        assertThat(samples).filteredOn(s -> s.name().endsWith("_per_second")).isEmpty();
        assertThat(sampler.hostname()).isEqualTo("web-1");
    }

    @Test
    void localFileSystemsOnceEachWithTheTopMountsLabels() {
        List<MetricSample> samples = sampler.sample();

        assertThat(samples).filteredOn(s -> s.name().equals(FILESYSTEM_SIZE_BYTES)).extracting(MetricSample::labels)
                .containsExactly(
                        Map.of(MOUNT, "/", DEVICE, "/dev/sda2", FSTYPE, "ext4"),
                        Map.of(MOUNT, "/boot/efi", DEVICE, "/dev/sda1", FSTYPE, "vfat"),
                        Map.of(MOUNT, "/mnt/my disk", DEVICE, "/dev/nvme0n1p1", FSTYPE, "ext4"),
                        Map.of(MOUNT, "/data", DEVICE, "/dev/sda2", FSTYPE, "ext4"),
                        Map.of(MOUNT, "/var/lib/postgresql", DEVICE, "/dev/nvme0n1p3", FSTYPE, "xfs"));
        Map<String, String> root = Map.of(MOUNT, "/", DEVICE, "/dev/sda2", FSTYPE, "ext4");
        assertThat(value(samples, FILESYSTEM_SIZE_BYTES, root)).isEqualTo(100.0 * GIB);
        assertThat(value(samples, FILESYSTEM_FREE_BYTES, root)).isEqualTo(40.0 * GIB);
        assertThat(value(samples, FILESYSTEM_AVAILABLE_BYTES, root)).isEqualTo(35.0 * GIB);
        // df: used 60 of used + available 95.
        assertThat(value(samples, FILESYSTEM_USED_RATIO, root)).isEqualTo(60.0 / 95);
    }

    @Test
    void aFileSystemOfSizeZeroIsLeftOut() {
        space.put("/boot/efi", new long[3]);

        assertThat(sampler.sample()).noneMatch(s -> "/boot/efi".equals(s.labels().get(MOUNT)));
    }

    @Test
    void aNewMountAppearsOnceTheMountTableIsReadAgain() {
        sampler.sample();
        clock.addAndGet(LinuxHostSampler.MOUNT_RESCAN.toMillis());
        append(proc.resolve("1/mountinfo"),
                "40 22 8:17 / /run/media/alice/USB\\040STICK rw,nosuid,nodev,relatime - exfat /dev/sdb1 rw\n");
        space.put("/run/media/alice/USB STICK", new long[] {8 * GIB, 4 * GIB, 4 * GIB});

        List<MetricSample> samples = sampler.sample();

        assertThat(value(samples, FILESYSTEM_SIZE_BYTES,
                Map.of(MOUNT, "/run/media/alice/USB STICK", DEVICE, "/dev/sdb1", FSTYPE, "exfat"))).isEqualTo(8.0 * GIB);
    }

    @Test
    void cpuUsageOfAllAndEachCpuFromOneReadOfStat() {
        write(proc.resolve("stat"), ProcFixtures.STAT_LATER);

        List<MetricSample> samples = sampler.sample();

        assertThat(value(samples, CPU_USAGE_RATIO, Map.of())).isEqualTo(0.4);
        assertThat(value(samples, CPU_CORE_USAGE_RATIO, Map.of(CPU, "0"))).isEqualTo(0.8);
        assertThat(value(samples, CPU_CORE_USAGE_RATIO, Map.of(CPU, "1"))).isEqualTo(0.0);
        assertThat(samples).filteredOn(s -> s.name().equals(CPU_CORE_USAGE_RATIO)).hasSize(2);
    }

    @Test
    void diskRatesForWholeDisksOnlyFromTheSecondReadingOn() {
        sampler.sample();
        write(proc.resolve("diskstats"), ProcFixtures.DISKSTATS
                .replace("sda 1000 10 20000 100 500 5 10000", "sda 1100 10 22000 100 600 5 10100")
                .replace("loop0 120 0 2400", "loop0 220 0 4800"));
        clock.addAndGet(2_000);

        List<MetricSample> samples = sampler.sample();

        // 2,000 sectors read and 100 written in 2 s.
        assertThat(value(samples, DISK_READ_BYTES_PER_SECOND, Map.of(DISK, "sda"))).isEqualTo(512_000.0);
        assertThat(value(samples, DISK_WRITE_BYTES_PER_SECOND, Map.of(DISK, "sda"))).isEqualTo(25_600.0);
        assertThat(value(samples, DISK_READ_BYTES_PER_SECOND, Map.of(DISK, "nvme0n1"))).isEqualTo(0.0);
        // zram stays, as DeviceFilter has always kept it: its I/O is swap traffic.
        assertThat(samples).filteredOn(s -> s.labels().containsKey(DISK)).extracting(s -> s.labels().get(DISK))
                .containsOnly("sda", "nvme0n1", "zram0");
    }

    @Test
    void networkSeriesForInterfacesThatAreUpWithAHardwareAddressButNotLoopback() {
        write(proc.resolve("net/dev"), ProcFixtures.NET_DEV.replace("eth0:2303546230", "eth0:2303556230"));
        clock.addAndGet(1_000);

        List<MetricSample> samples = sampler.sample();

        assertThat(value(samples, NETWORK_RECEIVE_BYTES_PER_SECOND, Map.of(INTERFACE, "eth0"))).isEqualTo(10_000.0);
        assertThat(value(samples, NETWORK_TRANSMIT_BYTES_PER_SECOND, Map.of(INTERFACE, "eth0"))).isEqualTo(0.0);
        assertThat(value(samples, NETWORK_RECEIVE_ERRORS_TOTAL, Map.of(INTERFACE, "eth0"))).isEqualTo(2.0);
        assertThat(value(samples, NETWORK_TRANSMIT_ERRORS_TOTAL, Map.of(INTERFACE, "eth0"))).isEqualTo(1.0);
        assertThat(samples).filteredOn(s -> s.labels().containsKey(INTERFACE))
                .extracting(s -> s.labels().get(INTERFACE)).containsOnly("eth0");
    }

    @Test
    void anInterfaceThatComesUpAppearsWithItsFirstTraffic() {
        sampler.sample();
        nic(sys, "ifb0", "0x1083", "ae:6c:3c:ee:df:e8");
        write(proc.resolve("net/dev"), ProcFixtures.NET_DEV.replace(
                "ifb0:       0       0", "ifb0:     900       3"));
        clock.addAndGet(1_000);
        assertThat(sampler.sample()).filteredOn(s -> "ifb0".equals(s.labels().get(INTERFACE)))
                .extracting(MetricSample::name)
                .containsExactlyInAnyOrder(NETWORK_RECEIVE_ERRORS_TOTAL, NETWORK_TRANSMIT_ERRORS_TOTAL);

        write(proc.resolve("net/dev"), ProcFixtures.NET_DEV.replace(
                "ifb0:       0       0", "ifb0:    1900       6"));
        clock.addAndGet(1_000);

        assertThat(value(sampler.sample(), NETWORK_RECEIVE_BYTES_PER_SECOND, Map.of(INTERFACE, "ifb0")))
                .isEqualTo(1_000.0);
    }

    @Test
    void anUnreadableFileLosesOnlyItsOwnSeries() throws IOException {
        Files.delete(proc.resolve("meminfo"));

        List<MetricSample> samples = sampler.sample();

        assertThat(samples).noneMatch(s -> s.name().startsWith("host_memory_") || s.name().startsWith("host_swap_"));
        assertThat(samples).extracting(MetricSample::name).contains(CPU_USAGE_RATIO, LOAD1, FILESYSTEM_SIZE_BYTES,
                PROCESSES, UPTIME_SECONDS);

        write(proc.resolve("meminfo"), ProcFixtures.MEMINFO);
        assertThat(sampler.sample()).extracting(MetricSample::name).contains(MEMORY_TOTAL_BYTES);
    }

    @Test
    void aDiskGoneFromDiskstatsTakesItsSeriesWithIt() {
        sampler.sample();
        write(proc.resolve("diskstats"), ProcFixtures.DISKSTATS.replaceAll("(?m)^.* sda.*\n", ""));
        clock.addAndGet(1_000);

        assertThat(sampler.sample()).noneMatch(s -> "sda".equals(s.labels().get(DISK)))
                .anyMatch(s -> "nvme0n1".equals(s.labels().get(DISK)));
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
