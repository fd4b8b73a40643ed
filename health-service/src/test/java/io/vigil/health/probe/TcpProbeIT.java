package io.vigil.health.probe;

import static io.vigil.health.probe.TestTargets.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vigil.config.TcpCheck;
import io.vigil.events.HealthStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpProbeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Vertx vertx;
    private static TcpProbe probe;
    private static int smtpPort;
    private static int rudePort;
    private static int echoPort;
    private static int silentPort;

    @BeforeAll
    static void startServers() throws Exception {
        vertx = Vertx.vertx();
        smtpPort = listen(s -> s.write("220 mail.test ESMTP ready\r\n"));
        rudePort = listen(s -> s.write("554 no service here, go away.\r\n").onComplete(v -> s.close()));
        echoPort = listen(s -> s.handler(b -> s.write(b.toString().contains("PING") ? "+PONG\r\n" : "-ERR\r\n")));
        silentPort = listen(s -> { });
        probe = new TcpProbe(vertx, TestTargets.lenientGuard());
    }

    private static int listen(io.vertx.core.Handler<NetSocket> handler) throws Exception {
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0)).connectHandler(handler);
        return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static ProbeResult run(TcpCheck tcp, Duration timeout) {
        return probe.run(check(tcp, timeout)).await().atMost(timeout.plusSeconds(10));
    }

    @Test
    void upWhenTheBannerHasTheExpectedText() {
        ProbeResult r = run(new TcpCheck(TestTargets.LOCAL_NAME, smtpPort, null, "220"), TIMEOUT);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.message()).isEqualTo("\"220\" received");
        assertThat(r.details()).containsEntry("address", "127.0.0.1");
    }

    @Test
    void upWhenConnectedAndNothingIsExpected() {
        ProbeResult r = run(new TcpCheck("127.0.0.1", silentPort, null, null), TIMEOUT);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.message()).isEqualTo("connected");
    }

    @Test
    void downWhenTheServerClosesWithoutTheExpectedText() {
        ProbeResult r = run(new TcpCheck("127.0.0.1", rudePort, null, "220"), TIMEOUT);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("no \"220\" in the first 31 bytes (connection closed)");
    }

    @Test
    void downWhenTheExpectedTextDoesNotComeInTime() {
        ProbeResult r = run(new TcpCheck("127.0.0.1", silentPort, null, "220"), Duration.ofMillis(300));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("timed out after 300ms: no \"220\" in the first 0 bytes");
    }

    @Test
    void sendsTextThenLooksForTheAnswer() {
        ProbeResult pong = run(new TcpCheck("127.0.0.1", echoPort, "PING\r\n", "+PONG"), TIMEOUT);
        ProbeResult wrong = run(new TcpCheck("127.0.0.1", echoPort, "HELLO\r\n", "+PONG"), Duration.ofMillis(300));

        assertThat(pong.status()).isEqualTo(HealthStatus.UP);
        assertThat(wrong.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(wrong.message()).isEqualTo("timed out after 300ms: no \"+PONG\" in the first 6 bytes");
        assertThat(wrong.message()).doesNotContain("HELLO");
    }

    @Test
    void downWhenThePortIsClosed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }

        ProbeResult r = run(new TcpCheck("127.0.0.1", closed, null, null), TIMEOUT);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("connection refused");
    }

    @Test
    void refusedByTheGuardBeforeConnecting() {
        TcpProbe strict = new TcpProbe(vertx, TestTargets.strictGuard());
        try {
            ProbeResult r = strict.run(check(new TcpCheck(TestTargets.METADATA_NAME, 80, null, null), TIMEOUT))
                    .await().atMost(TIMEOUT.plusSeconds(10));
            ProbeResult loopback = strict.run(check(new TcpCheck("127.0.0.1", smtpPort, null, null), TIMEOUT))
                    .await().atMost(TIMEOUT.plusSeconds(10));

            assertThat(r.message()).isEqualTo("refused: metadata.test resolves to 169.254.169.254 (link-local/cloud metadata, never allowed)");
            assertThat(loopback.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(loopback.message()).startsWith("refused: 127.0.0.1 is a loopback address");
        } finally {
            strict.close();
        }
    }
}
