package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {

    @TempDir
    Path dir;

    private final AtomicInteger status = new AtomicInteger(503);
    private HttpServer server;
    private ChildProcess child;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (child != null) {
            child.stop();
        }
    }

    @Test
    void readyOnceHealthAnswers200() throws Exception {
        String url = serveHealth();
        child = sleeper();
        status.set(200);

        assertThat(Readiness.await(child, url, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void reportsTheLastStatusWhenNeverReady() throws Exception {
        String url = serveHealth();
        child = sleeper();

        Optional<String> problem = Readiness.await(child, url, Duration.ofSeconds(1));

        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("not ready after 1 s").contains("HTTP 503"));
    }

    @Test
    void reportsAProcessThatDiesWhileStarting() throws Exception {
        String url = serveHealth();
        child = ChildProcess.start("svc", List.of("sh", "-c", "exit 7"), Map.of(), dir, dir.resolve("svc.log"));

        Optional<String> problem = Readiness.await(child, url, Duration.ofSeconds(10));

        assertThat(problem).hasValue("exited during start-up (exit 7)");
    }

    private String serveHealth() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready";
    }

    private ChildProcess sleeper() {
        return ChildProcess.start("svc", List.of("sleep", "60"), Map.of(), dir, dir.resolve("svc.log"));
    }
}
