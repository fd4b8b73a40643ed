package io.vigil.collector.sampling;

import static io.vigil.collector.sampling.MetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.events.MetricSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The /proc sampler on this Linux build machine: what it expects is read from /proc and /sys by
 * plain means (whole lines, regular expressions), independently of the parsers under test.
 */
class LinuxHostSamplerTest extends HostSamplerContract {

    private static final Pattern CPU_LINE = Pattern.compile("^cpu(\\d+) ");

    @Override
    HostSampler newSampler() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "a Linux host");
        return LinuxHostSampler.forThisHost();
    }

    @Override
    List<String> expectedCpus() {
        return lines(Path.of("/proc/stat")).map(CPU_LINE::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    @Override
    List<String> expectedDisks() {
        try (Stream<Path> block = Files.list(Path.of("/sys/block"))) {
            return block.map(p -> p.getFileName().toString()).filter(n -> !DeviceFilter.isPseudoDisk(n))
                    .map(n -> n.replace('!', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void thisHostIsSampledFromProcOnLinux() {
        assertThat(HostSampler.forThisHost()).isInstanceOf(LinuxHostSampler.class);
    }

    @Test
    void hostnameIsTheKernelsNodeName() {
        String kernel = lines(Path.of("/proc/sys/kernel/hostname")).findFirst().orElseThrow().strip();

        assertThat(LinuxHostSampler.forThisHost().hostname()).isEqualTo(kernel).isNotBlank();
    }

    @Test
    void memoryTotalIsTheKernelsMemTotal() {
        long kernelBytes = lines(Path.of("/proc/meminfo")).filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();

        List<MetricSample> samples = LinuxHostSampler.forThisHost().sample();

        assertThat(samples).filteredOn(s -> s.name().equals(MEMORY_TOTAL_BYTES)).extracting(MetricSample::value)
                .containsExactly((double) kernelBytes);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
