package io.vigil.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorSetupTest {

    @TempDir
    Path dir;

    @Test
    void withoutAFileSamplesEveryTenSecondsUnderTheMachineName() {
        CollectorSetup setup = CollectorSetup.from(Optional.empty(), () -> "web-1");

        assertThat(setup).isEqualTo(new CollectorSetup(Duration.ofSeconds(10), "web-1"));
    }

    @Test
    void fileSetsIntervalAndHost() throws IOException {
        Path file = write("collector:\n  interval: 30s\n  host: db-primary\n");

        CollectorSetup setup = CollectorSetup.from(Optional.of(ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file)), () -> "web-1");

        assertThat(setup).isEqualTo(new CollectorSetup(Duration.ofSeconds(30), "db-primary"));
    }

    @Test
    void fileWithoutHostFallsBackToTheMachineName() throws IOException {
        Path file = write("collector:\n  interval: 2s\nrules: []\n");

        assertThat(CollectorSetup.from(Optional.of(ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file)), () -> "web-1").hostId()).isEqualTo("web-1");
    }

    @Test
    void intervalBelowOneSecondIsRefusedNamingTheField() throws IOException {
        Path file = write("collector:\n  interval: 500ms\n");

        assertThatThrownBy(() -> CollectorSetup.from(Optional.of(ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file)), () -> "web-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("collector.interval");
    }

    @Test
    void unknownKeyIsRefused() throws IOException {
        Path file = write("collector:\n  intervall: 5s\n");

        assertThatThrownBy(() -> CollectorSetup.from(Optional.of(ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file)), () -> "web-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.intervall");
    }

    @Test
    void missingFileIsRefused() {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> CollectorSetup.from(Optional.of(ConfigLoader.forSections(ConfigLoader.Section.COLLECTOR).load(file)), () -> "web-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void machineWithoutNameAndNoConfiguredHostIsRefused() {
        assertThatThrownBy(() -> CollectorSetup.from(Optional.empty(), () -> ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.host");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("vigil.yaml"), yaml);
    }
}
