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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link HostSampler} must report on the build machine, run by one test class per
 * implementation; each says what it expects of this host (CPUs, disks) from its own source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostSamplerContract {

    private HostSampler sampler;
    private List<MetricSample> samples;

    /** A sampler of this machine; its baseline is taken now. */
    abstract HostSampler newSampler();

    /** The {@code cpu} labels per-core usage must carry on this machine. */
    abstract List<String> expectedCpus();

    /** The {@code disk} labels that must get rates on this machine. */
    abstract List<String> expectedDisks();

    @BeforeAll
    void sampleOnce() {
        sampler = newSampler();
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

        assertThat(total).singleElement().satisfies(s -> assertThat(s.labels()).isEmpty());
        assertThat(perCore)
                .extracting(s -> s.labels().get(CPU))
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(expectedCpus());
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
        List<String> disks = expectedDisks();
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
    void consecutiveSnapshotsReportTheSameSeries() {
        // The series set of a host is stable from tick to tick (rates exist from the second one on);
        // what a snapshot costs is measured by bench/run footprint --calls, not asserted here.
        Set<String> first = seriesWithoutRates(sampler.sample());
        for (int i = 0; i < 20; i++) {
            assertThat(seriesWithoutRates(sampler.sample())).isEqualTo(first);
        }
    }

    private static Set<String> seriesWithoutRates(List<MetricSample> snapshot) {
        assertThat(snapshot).isNotEmpty();
        return snapshot.stream().filter(s -> !s.name().endsWith("_per_second"))
                .map(s -> s.name() + s.labels()).collect(Collectors.toSet());
    }

    private double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels)).value();
    }
}
