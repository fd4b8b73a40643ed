package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the packaged alert-service on a real broker and
 * PostgreSQL: the page served at {@code /}, logged in by the {@code #token=} link {@code ./vigil open}
 * prints, fed over its WebSocket. Screenshots land in target/screenshots/dashboard (test artefacts).
 *
 * <p>The page is loaded once per test and never reloaded: {@code window.__e2e} set at the start
 * must still be there at the end, so whatever the page shows later came over the socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-dashboard");
    private static final Path SHOTS = Path.of("target/screenshots/dashboard");

    @TempDir
    static Path dir;

    private static AlertServiceStack stack;
    private static ServiceProcess alertService;
    private static int port;
    private static Browser browser;
    private static String operator;

    @BeforeAll
    static void start() throws Exception {
        stack = AlertServiceStack.start(dir, """
                rules:
                  - name: disk-full
                    metric: host_filesystem_used_ratio
                    labels: {mount: /}
                    critical: {above: 0.9, for: 0s}
                    clear: {below: 0.8, for: 0s}
                    summary: "Disk {mount} on {host} at {value}"
                """, 1, false);
        // Rollups written every second, so a chart finds stored minutes soon after the samples.
        stack.env().put("ALERT_ROLLUP_FLUSH_INTERVAL", "1s");
        port = ServiceProcess.freePort();
        alertService = stack.startAlertService(dir.resolve("logs"), port);
        alertService.awaitReady(Duration.ofSeconds(90));
        browser = Browser.start(SHOTS);
        operator = stack.token("alice", "operator");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** What the page showed when each test ended, passed or not: the first thing to look at after a failure. */
    @AfterEach
    void screenshotTheEnd(TestInfo test) throws Exception {
        if (browser != null) {
            browser.screenshotTheEnd(test);
        }
    }

    @Test
    @Order(1)
    void aFiringAlertAppearsLiveWithinTwoSecondsIsAcknowledgedAndAHostChartHasPoints() throws Exception {
        openLoggedIn();
        assertThat(browser.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
        show("#/alerts");
        // The first alert warms the path (JIT, connections); the second one is timed.
        String warm = fire("dash-warm", Instant.now());
        awaitRow(warm, "firing");

        Instant sent = Instant.now();
        String id = fire("dash-web", sent);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> row(id) != null);
        Instant seen = Instant.now();
        // Measured from the sample's own time, which is before the transition: a stricter bound.
        assertThat(Duration.between(sent, seen)).as("firing alert on the page after its sample")
                .isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(row(id).getAttribute("data-state")).isEqualTo("firing");
        browser.screenshot("01-alert-firing");

        row(id).findElement(By.cssSelector("[data-action=ack]")).click();
        WebElement form = browser.driver().findElement(By.cssSelector("tr[data-form=ack]"));
        form.findElement(By.cssSelector("input[name=comment]")).sendKeys("looking at it");
        form.findElement(By.cssSelector("[data-action=ack-submit]")).click();
        awaitRow(id, "acknowledged");
        JsonNode alert = api().get("/api/alerts/" + id, operator).json();
        assertThat(alert.path("alert").path("acknowledgement").path("by").asText()).isEqualTo("alice");
        assertThat(alert.path("alert").path("acknowledgement").path("comment").asText()).isEqualTo("looking at it");
        browser.screenshot("02-alert-acknowledged");

        // Silencing the other one from its row: the silence matches its rule and labels.
        row(warm).findElement(By.cssSelector("[data-action=silence]")).click();
        WebElement silence = browser.driver().findElement(By.cssSelector("tr[data-form=silence]"));
        silence.findElement(By.cssSelector("input[name=comment]")).sendKeys("disk being replaced");
        silence.findElement(By.cssSelector("[data-action=silence-submit]")).click();
        await().atMost(WAIT).until(() -> api().get("/api/silences", operator).body().contains("dash-warm"));
        JsonNode silences = api().get("/api/silences", operator).json();
        assertThat(silences.toString()).contains("disk being replaced").contains("host=\\\"dash-warm\\\"")
                .contains("rule=\\\"disk-full\\\"");

        // The acknowledged alert's page: its history, fired then acknowledged by alice.
        show("#/alerts/" + id);
        await().atMost(WAIT).until(() -> browser.driver().findElements(By.cssSelector("#history li[data-sequence]")).size() >= 2);
        assertThat(text("#history")).contains("alice");

        // A host with a minute of samples behind it, then the host page: stored points, then live ones.
        Instant now = Instant.now();
        for (int s = 30; s >= 0; s -= 5) {
            host("dash-web", now.minusSeconds(s), 0.2 + s / 100.0);
        }
        // Stored first (the writer flushes every second), so the page's query finds them when it opens.
        await().atMost(WAIT).until(() -> api().get("/api/metrics/query?metric=host_cpu_usage_ratio&labels="
                + AlertApi.encode("host=\"dash-web\""), operator).json().path("series").size() == 1);
        show("#/hosts/dash-web");
        await().atMost(WAIT).until(() -> points("cpu") > 0);
        int before = points("cpu");
        host("dash-web", Instant.now(), 0.5);
        host("dash-web", Instant.now().plusMillis(200), 0.6);
        await().atMost(WAIT).until(() -> points("cpu") > before);
        browser.screenshot("03-host-charts");
        show("#/");
        await().atMost(WAIT).until(() -> !text("[data-stat=hosts-up] .stat-value").isEmpty()
                && !text("[data-stat=hosts-up] .stat-value").equals("0"));
        browser.screenshot("00-overview");
        assertThat(browser.script("return window.__e2e")).as("the page was never reloaded").isEqualTo("kept");
    }

    @Test
    @Order(2)
    void theSocketRefusesAConnectionWithoutAValidToken() {
        HttpClient http = HttpClient.newHttpClient();
        URI live = URI.create("ws://127.0.0.1:" + port + "/api/live");

        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(live, new WebSocket.Listener() {
        }).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        String forged = "quarkus-http-upgrade#Authorization#Bearer%20" + operator.substring(0, operator.length() - 4)
                + "AAAA";
        assertThatThrownBy(() -> http.newWebSocketBuilder().subprotocols("bearer-token-carrier", forged)
                .buildAsync(live, new WebSocket.Listener() {
                }).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        // The same way with the real token connects: the refusals above were about the token.
        WebSocket ok = http.newWebSocketBuilder()
                .subprotocols("bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer%20" + operator)
                .buildAsync(live, new WebSocket.Listener() {
                }).join();
        ok.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    @Order(3)
    void afterARestartThePageReconnectsByItselfAndShowsTheAlertsThatChangedMeanwhile() throws Exception {
        openLoggedIn();
        show("#/alerts");
        String before = fire("dash-restart-1", Instant.now());
        awaitRow(before, "firing");

        alertService.close();
        await().atMost(WAIT).until(() -> text("#connection").contains("reconnecting"));
        browser.screenshot("04-reconnecting");
        // While the service is down: the first incident ends, a second one starts.
        sendDisk("dash-restart-1", Instant.now(), 0.5);
        sendDisk("dash-restart-2", Instant.now(), 0.97);

        alertService = stack.startAlertService(dir.resolve("logs-restarted"), port);
        alertService.awaitReady(Duration.ofSeconds(90));
        await().atMost(WAIT).until(() -> text("#connection").equals("live"));
        String after = awaitAlert("dash-restart-2");
        awaitRow(after, "firing");
        await().atMost(WAIT).until(() -> row(before) == null || "resolved".equals(row(before).getAttribute("data-state")));
        browser.screenshot("05-caught-up");
        assertThat(browser.script("return window.__e2e")).as("the page was never reloaded").isEqualTo("kept");
    }

    // --- the page -------------------------------------------------------------------------------

    private static void openLoggedIn() {
        browser.driver().get("http://127.0.0.1:" + port + "/#token=" + operator);
        await().atMost(WAIT).until(() -> text("#connection").equals("live"));
        browser.script("window.__e2e = 'kept'");
    }

    private static void show(String hash) {
        browser.script("location.hash = arguments[0]", hash);
    }

    private static WebElement row(String alertId) {
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("tr[data-alert-id='" + alertId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static void awaitRow(String alertId, String state) {
        await().atMost(WAIT).until(() -> {
            WebElement row = row(alertId);
            return row != null && state.equals(row.getAttribute("data-state"));
        });
    }

    private static int points(String chart) {
        List<WebElement> charts = browser.driver().findElements(By.cssSelector("[data-chart='" + chart + "']"));
        if (charts.isEmpty()) {
            return 0;
        }
        String n = charts.get(0).getAttribute("data-points");
        return n == null || n.isBlank() ? 0 : Integer.parseInt(n);
    }

    private static String text(String css) {
        return browser.text(css);
    }

    // --- the service ----------------------------------------------------------------------------

    private static AlertApi api() {
        return new AlertApi(alertService);
    }

    /** A disk breach on {@code host} at {@code at}; returns the id of its firing alert. */
    private static String fire(String host, Instant at) {
        sendDisk(host, at, 0.97);
        return awaitAlert(host);
    }

    private static String awaitAlert(String host) {
        return api().awaitOneFiring(host, operator, WAIT, Duration.ofMillis(20));
    }

    private static void sendDisk(String host, Instant at, double used) {
        send(MetricBatch.of(SOURCE, host, at, List.of(MetricSample.of("host_filesystem_used_ratio", used, "mount", "/"))));
    }

    /** What the host page charts: CPU, memory, a filesystem, disk and network rates, load. */
    private static void host(String host, Instant at, double cpu) {
        send(MetricBatch.of(SOURCE, host, at, List.of(
                MetricSample.of("host_cpu_usage_ratio", cpu),
                MetricSample.of("host_memory_used_ratio", 0.4),
                MetricSample.of("host_filesystem_used_ratio", 0.5, "mount", "/"),
                MetricSample.of("host_disk_read_bytes_per_second", 1e6, "disk", "sda"),
                MetricSample.of("host_disk_write_bytes_per_second", 2e6, "disk", "sda"),
                MetricSample.of("host_network_receive_bytes_per_second", 3e5, "interface", "eth0"),
                MetricSample.of("host_network_transmit_bytes_per_second", 1e5, "interface", "eth0"),
                MetricSample.of("host_load1", 0.7))));
    }

    private static void send(MetricBatch batch) {
        stack.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.METRICS, batch.host(), Json.write(batch)))
                .awaitCompletion(WAIT);
    }
}
