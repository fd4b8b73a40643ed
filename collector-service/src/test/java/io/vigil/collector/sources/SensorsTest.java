package io.vigil.collector.sources;

import static io.vigil.collector.sources.Sensors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vigil.events.MetricSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a fake hwmon tree laid out like a desktop's: a CPU, a Super I/O chip and two NVMe drives. */
class SensorsTest {

    @TempDir
    Path sys;
    private Path hwmon;
    private long nanos;
    private Sensors sensors;

    @BeforeEach
    void layOutHwmon() throws IOException {
        hwmon = Files.createDirectories(sys.resolve("class/hwmon"));
        write("hwmon0/name", "coretemp\n");
        write("hwmon0/temp1_input", "45000\n");
        write("hwmon0/temp1_label", "Package id 0\n");
        write("hwmon0/temp2_input", "43500\n");
        write("hwmon0/temp2_label", "Core 0\n");
        write("hwmon1/name", "nct6775\n");
        write("hwmon1/fan1_input", "1200\n");
        write("hwmon1/fan2_input", "0\n");
        write("hwmon1/temp1_input", "-5000\n");
        // Two drives share the chip name; their device links tell them apart.
        for (int i = 0; i < 2; i++) {
            Path device = Files.createDirectories(sys.resolve("devices/pci0000:00/nvme/nvme" + i));
            write("hwmon" + (2 + i) + "/name", "nvme\n");
            write("hwmon" + (2 + i) + "/temp1_input", (38850 + 2000 * i) + "\n");
            write("hwmon" + (2 + i) + "/temp1_label", "Composite\n");
            Files.createSymbolicLink(hwmon.resolve("hwmon" + (2 + i) + "/device"), device);
        }
        sensors = new Sensors(hwmon, () -> nanos);
    }

    @Test
    void readsTemperaturesInCelsiusWithChipAndLabel() {
        assertThat(sensors.sample()).filteredOn(s -> s.name().equals(TEMPERATURE_CELSIUS)).containsExactlyInAnyOrder(
                temperature("coretemp", "Package id 0", 45.0),
                temperature("coretemp", "Core 0", 43.5),
                temperature("nct6775", "temp1", -5.0),
                temperature("nvme-nvme0", "Composite", 38.85),
                temperature("nvme-nvme1", "Composite", 40.85));
    }

    @Test
    void readsFanSpeedsInRpmAStoppedFanIncluded() {
        assertThat(sensors.sample()).filteredOn(s -> s.name().equals(FAN_RPM)).containsExactlyInAnyOrder(
                new MetricSample(FAN_RPM, Map.of(CHIP, "nct6775", FAN, "fan1"), 1200),
                new MetricSample(FAN_RPM, Map.of(CHIP, "nct6775", FAN, "fan2"), 0));
    }

    @Test
    void readsAttributesUnderDeviceWhereOlderDriversPutThem() throws IOException {
        write("hwmon4/name", "it87\n");
        write("hwmon4/device/temp1_input", "51000\n");

        assertThat(sensors.sample()).contains(temperature("it87", "temp1", 51.0));
    }

    @Test
    void eachTickReadsTheValuesAgainButTheLabelsOnlyOnRescan() throws IOException {
        sensors.sample();
        write("hwmon0/temp1_input", "70000\n");
        write("hwmon0/temp1_label", "Renamed\n");

        assertThat(sensors.sample()).contains(temperature("coretemp", "Package id 0", 70.0));

        nanos += RESCAN.toNanos();
        assertThat(sensors.sample()).contains(temperature("coretemp", "Renamed", 70.0));
    }

    @Test
    void anUnreadableValueIsLeftOutOfThatTickOnly() throws IOException {
        write("hwmon0/temp2_input", "not a number\n");
        assertThat(sensors.sample()).extracting(s -> s.labels().get(SENSOR)).doesNotContain("Core 0")
                .contains("Package id 0");

        write("hwmon0/temp2_input", "44000\n");
        assertThat(sensors.sample()).contains(temperature("coretemp", "Core 0", 44.0));
    }

    @Test
    void aDeviceThatGoesAwayTriggersARescanOnTheNextTickWithoutWaitingForThePeriod() throws IOException {
        sensors.sample();
        for (String file : List.of("name", "fan1_input", "fan2_input", "temp1_input")) {
            Files.delete(hwmon.resolve("hwmon1").resolve(file));
        }
        write("hwmon5/name", "amdgpu\n");
        write("hwmon5/temp1_input", "60000\n");
        write("hwmon5/temp1_label", "edge\n");

        List<MetricSample> noticed = sensors.sample();
        List<MetricSample> rescanned = sensors.sample();

        assertThat(noticed).extracting(s -> s.labels().get(CHIP)).doesNotContain("nct6775", "amdgpu");
        assertThat(rescanned).extracting(s -> s.labels().get(CHIP)).doesNotContain("nct6775").contains("coretemp");
        assertThat(rescanned).contains(temperature("amdgpu", "edge", 60.0));
    }

    @Test
    void noHwmonMeansNoSamples() throws IOException {
        Path empty = Files.createDirectories(sys.resolve("empty"));

        assertThat(new Sensors(empty, () -> 0).sample()).isEmpty();
        assertThat(new Sensors(sys.resolve("absent"), () -> 0).sample()).isEmpty();
    }

    @Test
    void theRealSysDoesNotThrowAndGivesPlausibleValues() {
        Sensors real = Sensors.forThisHost();

        assertThatCode(real::sample).doesNotThrowAnyException();
        assertThat(real.sample()).allSatisfy(s -> {
            assertThat(s.labels()).containsKey(CHIP);
            assertThat(s.value()).isBetween(-100.0, 100_000.0);
        });
    }

    private static MetricSample temperature(String chip, String sensor, double celsius) {
        return new MetricSample(TEMPERATURE_CELSIUS, Map.of(CHIP, chip, SENSOR, sensor), celsius);
    }

    private void write(String relative, String content) throws IOException {
        Path file = hwmon.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
