package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import io.vigil.config.AbsenceRule;
import io.vigil.config.ThresholdRule;
import io.vigil.config.TrendRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigTest {

    @TempDir
    Path dir;

    @Test
    void createsAConfigTheLoaderAcceptsWithCpuMemoryDiskTrendAndHostDownRulesAndNoRoutes() throws Exception {
        Path file = dir.resolve(".vigil/vigil.yaml");

        boolean created = DefaultConfig.createIfMissing(file);

        assertThat(created).isTrue();
        // No variables set: the default must not depend on the user's environment.
        VigilConfig config = ConfigLoader.all().withEnvironment(name -> null).load(file);
        assertThat(config.rules()).extracting(r -> r.name())
                .containsExactly("high-cpu", "low-memory", "disk-full", "disk-full-soon", "host-down");
        assertThat(config.rules().subList(0, 3)).allSatisfy(r -> {
            ThresholdRule t = (ThresholdRule) r.kind();
            assertThat(t.warning()).isNotNull();
            assertThat(t.critical()).isNotNull();
            assertThat(t.clear()).isNotNull();
        });
        assertThat(config.rules().get(3).kind()).isInstanceOf(TrendRule.class);
        assertThat(config.rules().get(4).kind()).isInstanceOf(AbsenceRule.class);
        assertThat(config.inhibit()).singleElement().satisfies(i -> assertThat(i.equal()).containsExactly("host"));
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
