package io.vigil.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.collector.sampling.HostPaths;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathsSetupTest {

    private static final Function<String, Optional<String>> NO_OVERRIDES = key -> Optional.empty();

    @TempDir
    Path dir;

    @Test
    void withoutFileOrVariablesTheCollectorReadsThisMachine() {
        assertThat(HostPathsSetup.from(Optional.empty(), NO_OVERRIDES)).isEqualTo(HostPaths.THIS_HOST);
        assertThat(HostPathsSetup.from(Optional.of(load("collector: {interval: 5s}\n")), NO_OVERRIDES))
                .isEqualTo(HostPaths.THIS_HOST);
    }

    @Test
    void theFileNamesTheHostsRoots() throws IOException {
        Path host = hostRoot();

        HostPaths paths = HostPathsSetup.from(Optional.of(load("collector:\n  procfs: " + host.resolve("proc")
                + "\n  sysfs: " + host.resolve("sys") + "\n  rootfs: " + host.resolve("root") + "\n")), NO_OVERRIDES);

        assertThat(paths).isEqualTo(new HostPaths(host.resolve("proc"), host.resolve("sys"), host.resolve("root")));
    }

    @Test
    void aVariableWinsOverTheFile() throws IOException {
        Path host = hostRoot();
        Map<String, String> variables = Map.of("procfs", host.resolve("proc").toString(), "rootfs", host.resolve("root").toString());

        HostPaths paths = HostPathsSetup.from(Optional.of(load("collector: {procfs: /does-not-exist}\n")),
                key -> Optional.ofNullable(variables.get(key)));

        assertThat(paths).isEqualTo(new HostPaths(host.resolve("proc"), Path.of("/sys"), host.resolve("root")));
    }

    @Test
    void settingsMapEachKeyToItsVariable() {
        VigilSettings.Collector settings = new VigilSettings.Collector() {
            public Optional<String> procfs() {
                return Optional.of("/host/proc");
            }

            public Optional<String> sysfs() {
                return Optional.of(" ");
            }

            public Optional<String> rootfs() {
                return Optional.empty();
            }
        };
        Function<String, Optional<String>> overrides = HostPathsSetup.overrides(settings);

        assertThat(overrides.apply("procfs")).contains("/host/proc");
        assertThat(overrides.apply("sysfs")).as("blank is unset").isEmpty();
        assertThat(overrides.apply("rootfs")).isEmpty();
    }

    @Test
    void aMissingDirectoryFailsStartUpNamingTheField() {
        Path missing = dir.resolve("host/proc");

        assertThatThrownBy(() -> HostPathsSetup.from(Optional.of(load("collector: {procfs: " + missing + "}\n")), NO_OVERRIDES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.procfs")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void aFileIsNoDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("sys"), "");

        assertThatThrownBy(() -> HostPathsSetup.from(Optional.of(load("collector: {sysfs: " + file + "}\n")), NO_OVERRIDES))
                .hasMessageContaining("collector.sysfs");
    }

    @Test
    void aBadVariableIsNamedAsTheVariable() {
        assertThatThrownBy(() -> HostPathsSetup.from(Optional.empty(),
                key -> key.equals("rootfs") ? Optional.of("host/root") : Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VIGIL_COLLECTOR_ROOTFS")
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> HostPathsSetup.from(Optional.empty(),
                key -> key.equals("procfs") ? Optional.of(dir.resolve("absent").toString()) : Optional.empty()))
                .hasMessageContaining("VIGIL_COLLECTOR_PROCFS")
                .hasMessageContaining("not a directory");
    }

    @Test
    void aRelativePathInTheFileIsRefusedWhenLoaded() throws IOException {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), "collector: {rootfs: host/root}\n");

        assertThatThrownBy(() -> ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("collector.rootfs");
    }

    private Path hostRoot() throws IOException {
        Path host = dir.resolve("host");
        for (String name : new String[] {"proc", "sys", "root"}) {
            Files.createDirectories(host.resolve(name));
        }
        return host;
    }

    private static VigilConfig load(String yaml) {
        return ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).parse(yaml);
    }
}
