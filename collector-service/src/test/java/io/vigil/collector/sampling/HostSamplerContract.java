package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.MetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.vigil.events.MetricSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;

/** Runs the sampler against the real OSHI of the build machine. */
class HostSamplerTest {

    private static SystemInfo system;
    private static HostSampler sampler;
    private static List<MetricSample> samples;

    @BeforeAll
    static void sampleOnce() {
        system = new SystemInfo();
        sampler = new HostSampler(system.getHardware(), system.getOperatingSystem());
        samples = sampler.sample();
    }

    @Test
    void reportsTheHostMetrics() {
        assertThat(samples).extracting(MetricSample::name).contains(
                CPU_USAGE_RATIO, LOAD1, LOAD5, LOAD15, MEMORY_TOTAL_BYTES, MEMORY_AVAILABLE_BYTES, MEMORY_USED_RATIO,
                SWAP_TOTAL_BYTES, SWAP_USED_BYTES, FILESYSTEM_SIZE_BYTES, FILESYSTEM_FREE_BYTES,
                FILESYSTEM_AVAILABLE_BYTES, FILESYSTEM_USED_RATIO, NETWORK_RECEIVE_ERRORS_TOTAL,
                NETWORK_TRANSMIT_ERRORS_TOTAL, PROCESSES, UPTIME_SECONDS);
    }

    @Test
    void everyRatioIsBetweenZeroAndOne() {
        assertThat(samples).filteredOn(s -> s.name().endsWith("_ratio")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).as(s.toString()).isBetween(0.0, 1.0));
    }

    @Test
    void cpuUsageHasATotalWithoutLabelsAndOneSamplePerCore() {
        List<MetricSample> total = samples.stream().filter(s -> s.name().equals(CPU_USAGE_RATIO)).toList();
        List<MetricSample> perCore = samples.stream().filter(s -> s.name().equals(CPU_CORE_USAGE_RATIO)).toList();
        int cores = system.getHardware().getProcessor().getLogicalProcessorCount();

        assertThat(total).singleElement().satisfies(s -> assertThat(s.labels()).isEmpty());
        assertThat(perCore)
                .extracting(s -> s.labels().get(CPU))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, cores).mapToObj(Integer::toString).toList());
    }

    @Test
    void memoryIsPlausible() {
        double total = value(MEMORY_TOTAL_BYTES, Map.of());
        double available = value(MEMORY_AVAILABLE_BYTES, Map.of());

        assertThat(total).isGreaterThan(0);
        assertThat(available).isBetween(0.0, total);
        assertThat(value(MEMORY_USED_RATIO, Map.of())).isCloseTo((total - available) / total,
                within(0.05));
        assertThat(value(SWAP_USED_BYTES, Map.of())).isLessThanOrEqualTo(value(SWAP_TOTAL_BYTES, Map.of()));
    }

    @Test
    void rootFileSystemIsReportedWithMountDeviceAndType() {
        List<MetricSample> root = samples.stream()
                .filter(s -> s.name().startsWith("host_filesystem_") && "/".equals(s.labels().get(MOUNT)))
                .toList();

        assertThat(root).extracting(MetricSample::name).containsExactlyInAnyOrder(FILESYSTEM_SIZE_BYTES,
                FILESYSTEM_FREE_BYTES, FILESYSTEM_AVAILABLE_BYTES, FILESYSTEM_USED_RATIO);
        assertThat(root).allSatisfy(s -> assertThat(s.labels()).containsOnlyKeys(MOUNT, DEVICE, FSTYPE));
        double size = root.stream().filter(s -> s.name().equals(FILESYSTEM_SIZE_BYTES)).findFirst().orElseThrow().value();
        assertThat(size).isGreaterThan(0);
        assertThat(root).filteredOn(s -> s.name().equals(FILESYSTEM_FREE_BYTES))
                .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, size));
    }

    @Test
    void noPseudoFileSystemIsReported() {
        Set<String> types = samples.stream().filter(s -> s.name().equals(FILESYSTEM_SIZE_BYTES))
                .map(s -> s.labels().get(FSTYPE)).collect(Collectors.toSet());
        Set<String> mounts = samples.stream().filter(s -> s.name().equals(FILESYSTEM_SIZE_BYTES))
                .map(s -> s.labels().get(MOUNT)).collect(Collectors.toSet());

        assertThat(types).isNotEmpty().noneMatch(t -> t.equals("tmpfs") || t.equals("proc") || t.equals("sysfs")
                || t.startsWith("cgroup") || t.equals("devtmpfs") || t.equals("squashfs"));
        assertThat(mounts).noneMatch(m -> m.startsWith("/proc") || m.startsWith("/sys") || m.startsWith("/dev"));
        assertThat(samples.stream().filter(s -> s.name().equals(FILESYSTEM_SIZE_BYTES)).count())
                .as("each mount once").isEqualTo(mounts.size());
    }

    @Test
    void loopbackHasNoNetworkSeries() {
        assertThat(samples).filteredOn(s -> s.labels().containsKey(INTERFACE))
                .isNotEmpty()
                .noneMatch(s -> s.labels().get(INTERFACE).equals("lo"));
    }

    @Test
    void countsProcessesAndUptime() {
        assertThat(value(PROCESSES, Map.of())).isGreaterThan(1);
        assertThat(value(UPTIME_SECONDS, Map.of())).isGreaterThan(0);
    }

    @Test
    void laterSnapshotsCarryNonNegativeRatesForEveryRealDisk() {
        List<String> disks = system.getHardware().getDiskStores().stream().map(HWDiskStore::getName)
                .filter(n -> !DeviceFilter.isPseudoDisk(n)).map(HostSampler::shortDiskName).toList();
        assertThat(disks).as("this machine has a disk").isNotEmpty();

        // Rates need counters read at two different milliseconds; poll instead of sleeping.
        await().atMost(Duration.ofSeconds(10)).pollInterval(50, TimeUnit.MILLISECONDS).untilAsserted(() -> {
            List<MetricSample> later = sampler.sample();
            for (String disk : disks) {
                assertThat(later).filteredOn(s -> disk.equals(s.labels().get(DISK)))
                        .extracting(MetricSample::name)
                        .containsExactlyInAnyOrder(DISK_READ_BYTES_PER_SECOND, DISK_WRITE_BYTES_PER_SECOND);
            }
            assertThat(later).filteredOn(s -> s.name().endsWith("_per_second")).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        });
    }

    @Test
    void snapshotCostIsMeasured() {
        int runs = 20;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(sampler.sample()).isNotEmpty();
        }
        double millis = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf("snapshot cost: %.1f ms average over %d snapshots%n", millis, runs);
        // Generous bound for a loaded 2-core build machine; the typical cost is tens of milliseconds.
        assertThat(millis).isLessThan(500);
    }

    private static double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels)).value();
    }
}
