package io.vigil.collector.sampling;

import java.util.List;
import java.util.stream.IntStream;
import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;

/** The OSHI sampler (macOS, Windows) against the real OSHI of the build machine. */
class OshiHostSamplerTest extends HostSamplerContract {

    private final SystemInfo system = new SystemInfo();

    @Override
    HostSampler newSampler() {
        return new OshiHostSampler(system.getHardware(), system.getOperatingSystem());
    }

    @Override
    List<String> expectedCpus() {
        int cores = system.getHardware().getProcessor().getLogicalProcessorCount();
        return IntStream.range(0, cores).mapToObj(Integer::toString).toList();
    }

    @Override
    List<String> expectedDisks() {
        return system.getHardware().getDiskStores().stream().map(HWDiskStore::getName)
                .filter(n -> !DeviceFilter.isPseudoDisk(n)).map(OshiHostSampler::shortDiskName).toList();
    }
}
