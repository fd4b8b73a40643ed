package io.vigil.health.probe;

import static io.vigil.health.probe.TestTargets.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.vigil.config.DatabaseCheck;
import io.vigil.config.HeartbeatCheck;
import io.vigil.config.HttpCheck;
import io.vigil.config.TcpCheck;
import io.vigil.events.HealthStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private static final HttpCheck HTTP = new HttpCheck("GET", URI.create("https://shop.example.org/"), Map.of(), null, null, true, true);
    private static final TcpCheck TCP = new TcpCheck("mail.example.org", 25, null, "220");
    private static final DatabaseCheck DB = new DatabaseCheck(DatabaseCheck.Database.MYSQL, "jdbc:mysql://db:3306/shop", "db",
            3306, "shop", "shop", "pw", null);

    private static Probe answering(String name) {
        return check -> Uni.createFrom().item(ProbeResult.up(1, name, Map.of()));
    }

    @Test
    void picksTheProbeOfTheChecksKind() {
        Probes probes = new Probes(answering("http"), answering("tcp"), answering("db"));

        assertThat(probes.run(check(HTTP, Duration.ofSeconds(1))).await().indefinitely().message()).isEqualTo("http");
        assertThat(probes.run(check(TCP, Duration.ofSeconds(1))).await().indefinitely().message()).isEqualTo("tcp");
        assertThat(probes.run(check(DB, Duration.ofSeconds(1))).await().indefinitely().message()).isEqualTo("db");
    }

    @Test
    void refusesPushChecks() {
        Probes probes = new Probes(answering("http"), answering("tcp"), answering("db"));
        HeartbeatCheck heartbeat = new HeartbeatCheck(false, Duration.ofHours(1), null, null, false);

        assertThatThrownBy(() -> probes.run(check(heartbeat, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push check");
    }

    @Test
    void endsWithDownWhenAProbeNeverAnswersAndCancelsIt() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Probe never = check -> Uni.createFrom().<ProbeResult>nothing().onCancellation().invoke(() -> cancelled.set(true));
        Probes probes = new Probes(never, never, never);

        ProbeResult r = probes.run(check(HTTP, Duration.ofMillis(100))).await().atMost(Duration.ofSeconds(30));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("timed out after 100ms");
        assertThat(cancelled).isTrue();
    }

    @Test
    void turnsAFailingOrThrowingProbeIntoDown() {
        Probe failing = check -> Uni.createFrom().failure(new IllegalStateException("boom"));
        Probe throwing = check -> {
            throw new IllegalStateException("bang");
        };
        Probes probes = new Probes(failing, throwing, failing);

        ProbeResult failed = probes.run(check(HTTP, Duration.ofSeconds(1))).await().indefinitely();
        ProbeResult thrown = probes.run(check(TCP, Duration.ofSeconds(1))).await().indefinitely();

        assertThat(failed.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(failed.message()).isEqualTo("probe failed: boom");
        assertThat(thrown.message()).isEqualTo("probe failed: bang");
    }
}
