package io.vigil.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeTest {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersWithTheStatusOfTheUrl() throws Exception {
        int port = server.getAddress().getPort();
        assertThat(Probe.status(Probe.url(":" + port + "/ready", null), 2_000)).isEqualTo(200);
        assertThat(Probe.status(Probe.url(":$/down", Integer.toString(port)), 2_000)).isEqualTo(503);
    }

    @Test
    void aClosedPortIsAnError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = Probe.url(":" + closed + "/ready", null);
        assertThatThrownBy(() -> Probe.status(url, 2_000)).isInstanceOf(ConnectException.class);
    }

    @Test
    void shortFormsNameLoopback() {
        assertThat(Probe.url(":8083/q/health/ready", null)).isEqualTo("http://127.0.0.1:8083/q/health/ready");
        assertThat(Probe.url(":$/q/health/ready", " 8084 ")).isEqualTo("http://127.0.0.1:8084/q/health/ready");
        assertThat(Probe.url(":9000", null)).isEqualTo("http://127.0.0.1:9000/");
        assertThat(Probe.url("http://example.test/x", null)).isEqualTo("http://example.test/x");
        assertThatThrownBy(() -> Probe.url(":$/q", null)).hasMessageContaining("QUARKUS_HTTP_PORT");
        assertThatThrownBy(() -> Probe.url(":abc/q", null)).isInstanceOf(NumberFormatException.class);
    }
}
