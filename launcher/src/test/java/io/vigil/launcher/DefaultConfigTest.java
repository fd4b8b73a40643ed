package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import io.vigil.config.AbsenceRule;
import io.vigil.config.CheckConfig;
import io.vigil.config.HttpCheck;
import io.vigil.config.TcpCheck;
import java.time.Duration;
import java.util.Map;
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
    void checksVigilItselfOnTheDefaultPortsWhichNeedsNoNetwork() throws Exception {
        VigilConfig config = ConfigLoader.all().withEnvironment(name -> null).parse(DefaultConfig.text());

        assertThat(config.checks()).extracting(CheckConfig::name).containsExactly("vigil-alert-service", "vigil-postgres");
        HttpCheck alert = (HttpCheck) config.checks().get(0).kind();
        assertThat(alert.url()).hasToString("http://127.0.0.1:8080/q/health/ready");
        TcpCheck postgres = (TcpCheck) config.checks().get(1).kind();
        assertThat(postgres.host() + ":" + postgres.port()).isEqualTo("127.0.0.1:15432");
        assertThat(config.checks()).allSatisfy(c -> assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void checksFollowThePortsOfTheRun() throws Exception {
        VigilConfig config = ConfigLoader.all()
                .withEnvironment(Map.of("VIGIL_ALERT_PORT", "18080", "VIGIL_PG_PORT", "25432")::get)
                .parse(DefaultConfig.text());

        assertThat(((HttpCheck) config.checks().get(0).kind()).url()).hasToString("http://127.0.0.1:18080/q/health/ready");
        assertThat(((TcpCheck) config.checks().get(1).kind()).port()).isEqualTo(25432);
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
