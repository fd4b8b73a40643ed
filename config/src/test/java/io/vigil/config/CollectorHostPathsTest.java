package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code collector.procfs}, {@code collector.sysfs} and {@code collector.rootfs}: node_exporter's --path.* settings. */
class CollectorHostPathsTest {

    private final ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR)
            .withEnvironment(Map.of("HOST_ROOT", "/host")::get);

    @Test
    void withoutThemTheCollectorReadsItsOwnProcSysAndRoot() {
        CollectorConfig collector = loader.parse("collector: {interval: 5s}").collector();

        assertThat(collector.procfs()).isEqualTo("/proc");
        assertThat(collector.sysfs()).isEqualTo("/sys");
        assertThat(collector.rootfs()).isEqualTo("/");
        assertThat(CollectorConfig.defaults().procfs()).isEqualTo("/proc");
        assertThat(loader.parse("").collector().rootfs()).isEqualTo("/");
    }

    @Test
    void eachIsReadFromItsKey() {
        CollectorConfig collector = loader.parse("""
                collector:
                  interval: 10s
                  host: web-1
                  procfs: /host/proc
                  sysfs: /host/sys
                  rootfs: /host/root
                """).collector();

        assertThat(collector.procfs()).isEqualTo("/host/proc");
        assertThat(collector.sysfs()).isEqualTo("/host/sys");
        assertThat(collector.rootfs()).isEqualTo("/host/root");
        assertThat(collector.host()).isEqualTo("web-1");
    }

    @Test
    void oneSetLeavesTheOthersAtTheirDefaults() {
        CollectorConfig collector = loader.parse("collector: {sysfs: /host/sys}").collector();

        assertThat(collector.procfs()).isEqualTo("/proc");
        assertThat(collector.sysfs()).isEqualTo("/host/sys");
        assertThat(collector.rootfs()).isEqualTo("/");
    }

    @Test
    void variablesAreResolved() {
        assertThat(loader.parse("collector: {procfs: '${HOST_ROOT}/proc'}").collector().procfs()).isEqualTo("/host/proc");
    }

    @Test
    void aRelativePathIsRefusedNamingTheField() {
        assertThatThrownBy(() -> loader.parse("collector: {procfs: host/proc}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.procfs")
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> loader.parse("collector: {sysfs: ./sys}"))
                .hasMessageContaining("collector.sysfs");
        assertThatThrownBy(() -> loader.parse("collector: {rootfs: ''}"))
                .hasMessageContaining("collector.rootfs");
    }

    @Test
    void aNonTextValueIsRefusedNamingTheField() {
        assertThatThrownBy(() -> loader.parse("collector: {rootfs: [/a]}"))
                .hasMessageContaining("collector.rootfs");
    }

    @Test
    void aMisspelledKeyIsRefused() {
        assertThatThrownBy(() -> loader.parse("collector: {procfs_path: /host/proc}"))
                .hasMessageContaining("collector.procfs_path");
    }
}
