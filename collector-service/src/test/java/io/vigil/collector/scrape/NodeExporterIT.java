package io.vigil.collector.scrape;

import static io.vigil.collector.scrape.ExpositionRealOutputTest.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real node_exporter on a random loopback port, scraped as the collector will scrape it:
 * whatever format it serves (chosen by its Content-Type) must parse, with the series every Linux
 * host has. Its textfile collector also re-exposes label values that need escaping.
 */
class NodeExporterIT {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
    private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text; version=1.0.0";
    /** A label value with every escape, written to a .prom file for node_exporter to serve back. */
    private static final String AWKWARD = "C:\\dir \"quoted\"\nnext line ✓";

    @TempDir
    static Path dir;

    private static Process process;
    private static Path log;
    private static URI metrics;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startNodeExporter() throws Exception {
        assertThat(Files.isExecutable(BINARY))
                .as("%s is missing: install Debian's prometheus-node-exporter (.ci/run installs it)", BINARY)
                .isTrue();
        Path textfiles = Files.createDirectory(dir.resolve("textfile"));
        Files.writeString(textfiles.resolve("vigil.prom"), "# TYPE vigil_escape_check gauge\n"
                + "vigil_escape_check{value=\"" + AWKWARD.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n") + "\"} 1\n");
        log = dir.resolve("node-exporter.log");
        int port = freeLoopbackPort();
        metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        process = new ProcessBuilder(BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                // Needs D-Bus, which a CI container lacks; nothing else here needs root.
                "--no-collector.systemd",
                "--collector.textfile.directory=" + textfiles)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("node_exporter serving on " + metrics)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(NodeExporterIT::serving);
    }

    @AfterAll
    static void stopNodeExporter() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void plainScrapeParsesWithTheSeriesOfEveryHost() throws Exception {
        HttpResponse<String> response = scrape(null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertPlausible(Exposition.parse(response.body(), contentType(response)));
    }

    @Test
    void openMetricsRequestParsesInTheFormatServed() throws Exception {
        HttpResponse<String> response = scrape(OPENMETRICS_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        String contentType = contentType(response);
        if (Exposition.isOpenMetrics(contentType)) {
            assertThat(response.body()).endsWith("# EOF\n");
        }
        // node_exporter 1.5 answers text/plain whatever is asked; newer ones may answer OpenMetrics.
        assertPlausible(Exposition.parse(response.body(), contentType));
    }

    private static void assertPlausible(List<ParsedSample> samples) {
        assertThat(find(samples, "node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle")).value())
                .isGreaterThanOrEqualTo(0);
        assertThat(find(samples, "node_memory_MemTotal_bytes", Map.of()).value()).isPositive();
        assertThat(find(samples, "go_gc_duration_seconds", Map.of("quantile", "0.5")).value())
                .isGreaterThanOrEqualTo(0);
        assertThat(find(samples, "go_gc_duration_seconds_count", Map.of()).value()).isGreaterThanOrEqualTo(0);
        assertThat(find(samples, "node_scrape_collector_success", Map.of("collector", "cpu")).value()).isEqualTo(1);
        assertThat(samples).filteredOn(s -> s.name().equals("node_scrape_collector_success"))
                .allSatisfy(s -> assertThat(s.value()).isIn(0.0, 1.0));
        assertThat(find(samples, "vigil_escape_check", Map.of("value", AWKWARD)).value()).isEqualTo(1);
    }

    private static HttpResponse<String> scrape(String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** Whether /metrics answers; fails at once, with node_exporter's log, if the process died. */
    private static boolean serving() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("node_exporter exited with " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
        try {
            return scrape(null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
