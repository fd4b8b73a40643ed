package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigTest {

    @TempDir
    Path dir;

    @Test
    void createsAConfigTheLoaderAcceptsWithCpuMemoryAndDiskRulesAndNoRoutes() throws Exception {
        Path file = dir.resolve(".vigil/vigil.yaml");

        boolean created = DefaultConfig.createIfMissing(file);

        assertThat(created).isTrue();
        // No variables set: the default must not depend on the user's environment.
        VigilConfig config = ConfigLoader.all().withEnvironment(name -> null).load(file);
        assertThat(config.rules()).extracting(r -> r.name()).containsExactly("high-cpu", "low-memory", "disk-full");
        assertThat(config.rules()).allSatisfy(r -> {
            assertThat(r.warning()).isNotNull();
            assertThat(r.critical()).isNotNull();
            assertThat(r.clear()).isNotNull();
        });
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void leavesAnExistingConfigAlone() throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, "rules: []\n");

        boolean created = DefaultConfig.createIfMissing(file);

        assertThat(created).isFalse();
        assertThat(Files.readString(file)).isEqualTo("rules: []\n");
    }
}
