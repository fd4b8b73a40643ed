package io.vigil.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vigil.collector.messaging.MetricPublisher;
import io.vigil.collector.messaging.RecordingEmitter;
import io.vigil.config.ScrapeConfig;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scrape path against a real HTTP exporter on loopback: scheduling, the request, parsing,
 * labelling and the batch handed to the publisher. Bodies stay within {@code name value} lines and
 * {@code # HELP} comments, which every version of the exposition parser reads.
 */
class ScrapeServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Vertx vertx = Vertx.vertx();
    private final RecordingEmitter emitter = new RecordingEmitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExporterFake exporter = fake();
    private ScrapeService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        exporter.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void publishesOneBatchPerScrapeKeyedByInstanceWithJobInstanceAndLabels() {
        exporter.serve("/metrics", ExporterFake.Page.ok("""
                # HELP app_queue_depth Jobs waiting.
                # TYPE app_queue_depth gauge
                app_queue_depth 7
                go_goroutines 12
                promhttp_metric_handler_requests_total 3
                app_jobs_created 1.7e9
                """));
        ScrapeConfig node = target("node", exporter.url("/metrics"), Duration.ofMillis(500), Map.of("role", "web"),
                List.of(Pattern.compile("go_.*"), Pattern.compile("promhttp_.*")));

        start(node);

        MetricBatch batch = awaitBatch(exporter.instance(), b -> true);
        Map<String, String> labels = Map.of("job", "node", "instance", exporter.instance(), "role", "web");
        assertThat(batch.host()).isEqualTo(exporter.instance());
        assertThat(batch.source().service()).isEqualTo("collector-service");
        assertThat(batch.source().host()).isEqualTo("collector-host");
        assertThat(batch.intervalMillis()).isEqualTo(500);
        assertThat(batch.samples()).contains(new MetricSample("app_queue_depth", labels, 7),
                new MetricSample("up", labels, 1), new MetricSample("scrape_samples_scraped", labels, 4),
                new MetricSample("scrape_samples_post_metric_relabeling", labels, 1));
        assertThat(batch.samples()).extracting(MetricSample::name)
                .doesNotContain("go_goroutines", "promhttp_metric_handler_requests_total", "app_jobs_created",
                        "scrape_error");
        assertThat(exporter.requests.get(0).get("Accept")).containsExactly(Scraper.ACCEPT);
        assertThat(count("node", "success")).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("vigil.scrape.duration").tag("target", "node").timer().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void sendsTheBearerToken() {
        exporter.serve("/metrics", ExporterFake.Page.ok("mysql_up 1\n"));
        ScrapeConfig mysql = new ScrapeConfig("mysql", exporter.url("/metrics"), Duration.ofMillis(500), null, null,
                null, null, null, "s3cret", 0);

        start(mysql);

        awaitBatch(exporter.instance(), b -> true);
        assertThat(exporter.requests.get(0).get("Authorization")).containsExactly("Bearer s3cret");
    }

    @Test
    void sendsBasicAuthentication() {
        exporter.serve("/metrics", ExporterFake.Page.ok("mysql_up 1\n"));
        ScrapeConfig mysql = new ScrapeConfig("mysql", exporter.url("/metrics"), Duration.ofMillis(500), null, null,
                null, null, new ScrapeConfig.BasicAuth("prom", "hunter2"), null, 0);

        start(mysql);

        awaitBatch(exporter.instance(), b -> true);
        // base64("prom:hunter2")
        assertThat(exporter.requests.get(0).get("Authorization")).containsExactly("Basic cHJvbTpodW50ZXIy");
    }

    @Test
    void aPageLargerThanTheBodySizeLimitIsDownWithTheReasonAndUpOnceItShrinks() {
        exporter.serve("/metrics", ExporterFake.Page.ok(lines(200)));
        ScrapeConfig big = new ScrapeConfig("big", exporter.url("/metrics"), Duration.ofMillis(500), null, null,
                null, null, null, null, 2048);

        start(big);

        MetricBatch down = awaitBatch(exporter.instance(), b -> up(b) == 0);
        assertThat(error(down)).hasValueSatisfying(e -> assertThat(e.labels()).containsEntry("reason", "body_too_large"));
        assertThat(down.samples()).extracting(MetricSample::name).doesNotContain("app_series_0");
        assertThat(count("big", "body_too_large")).isGreaterThanOrEqualTo(1);

        exporter.serve("/metrics", ExporterFake.Page.ok(lines(10)));

        MetricBatch up = awaitBatch(exporter.instance(), b -> up(b) == 1);
        assertThat(value(up, "scrape_samples_scraped")).isEqualTo(10);
    }

    @Test
    void aGzippedPageIsReadDecompressedAndItsLimitCountsTheDecompressedBytes() {
        // 2,000 lines: about 50 KB of text that gzip packs into a few KB.
        exporter.serve("/small-limit", ExporterFake.Page.gzipped(lines(2_000)));
        exporter.serve("/metrics", ExporterFake.Page.gzipped(lines(2_000)));
        ScrapeConfig limited = new ScrapeConfig("limited", exporter.url("/small-limit"), Duration.ofMillis(500), null,
                null, null, null, null, null, 16 * 1024);
        ScrapeConfig whole = target("whole", exporter.url("/metrics"), Duration.ofMillis(500), Map.of(), List.of());

        start(limited, whole);

        MetricBatch read = awaitBatch(exporter.instance(), b -> isJob(b, "whole"));
        assertThat(up(read)).isEqualTo(1);
        assertThat(value(read, "scrape_samples_scraped")).isEqualTo(2_000);
        // The JDK server spells header names its own way ("Accept-encoding").
        assertThat(exporter.requests.get(0)).hasEntrySatisfying("Accept-encoding",
                v -> assertThat(v.get(0)).contains("gzip"));
        MetricBatch refused = awaitBatch(exporter.instance(), b -> isJob(b, "limited"));
        assertThat(up(refused)).isZero();
        assertThat(error(refused)).hasValueSatisfying(e -> assertThat(e.labels()).containsEntry("reason", "body_too_large"));
    }

    private static String lines(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("app_series_").append(i).append("{path=\"/api/v1/items\"} ").append(i).append('\n');
        }
        return text.toString();
    }

    private static boolean isJob(MetricBatch b, String job) {
        return b.samples().stream().anyMatch(s -> s.name().equals("up") && job.equals(s.labels().get("job")));
    }

    @Test
    void aTargetAnswering503IsDownWithTheReasonAndUpAgainOnceItAnswers() {
        exporter.serve("/metrics", new ExporterFake.Page(503, "starting\n", false));
        ScrapeConfig app = target("app", exporter.url("/metrics"), Duration.ofMillis(500), Map.of(), List.of());

        start(app);

        MetricBatch down = awaitBatch(exporter.instance(), b -> up(b) == 0);
        assertThat(error(down)).hasValueSatisfying(e -> {
            assertThat(e.labels()).containsEntry("reason", "http_503").containsEntry("job", "app");
            assertThat(e.value()).isEqualTo(1);
        });
        assertThat(count("app", "http_503")).isGreaterThanOrEqualTo(1);

        exporter.serve("/metrics", ExporterFake.Page.ok("app_queue_depth 2\n"));

        MetricBatch up = awaitBatch(exporter.instance(), b -> up(b) == 1);
        assertThat(error(up)).isEmpty();
        assertThat(up.samples()).extracting(MetricSample::name).contains("app_queue_depth");
    }

    @Test
    void aRefusedConnectionIsDownWithReasonRefused() throws IOException {
        URI closed = closedPort();
        ScrapeConfig gone = target("gone", closed, Duration.ofMillis(500), Map.of(), List.of());

        start(gone);

        MetricBatch down = awaitBatch(closed.getHost() + ":" + closed.getPort(), b -> true);
        assertThat(up(down)).isZero();
        assertThat(error(down)).hasValueSatisfying(e -> assertThat(e.labels()).containsEntry("reason", "refused"));
    }

    @Test
    void aTargetSlowerThanItsTimeoutIsDownWithReasonTimeoutWithinTheTimeout() {
        exporter.serve("/slow", new ExporterFake.Page(200, "app_queue_depth 1\n", true));
        ScrapeConfig slow = new ScrapeConfig("slow", exporter.url("/slow"), Duration.ofSeconds(1),
                Duration.ofMillis(300), null, null, null, null, null, 0);

        start(slow);

        MetricBatch down = awaitBatch(exporter.instance(), b -> true);
        assertThat(up(down)).isZero();
        assertThat(error(down)).hasValueSatisfying(e -> assertThat(e.labels()).containsEntry("reason", "timeout"));
        // At least its timeout (300 ms); the upper end only says it did not wait for the page.
        assertThat(value(down, "scrape_duration_seconds")).isGreaterThanOrEqualTo(0.29).isLessThan(10.0);
    }

    @Test
    void aSlowTargetDoesNotDelayAnotherTargetsScrapes() {
        exporter.serve("/slow", new ExporterFake.Page(200, "slow_metric 1\n", true));
        exporter.serve("/fast", ExporterFake.Page.ok("fast_metric 1\n"));
        // Same instance, so the batches are told apart by job. The slow one hangs for its whole 30 s
        // timeout; were scrapes run one after another, no fast scrape could end before it. The fast
        // one's 1 s timeout leaves a loaded machine room for its first (cold) request.
        ScrapeConfig slow = new ScrapeConfig("slow", exporter.url("/slow"), Duration.ofSeconds(30),
                Duration.ofSeconds(30), null, null, null, null, null, 0);
        ScrapeConfig fast = target("fast", exporter.url("/fast"), Duration.ofSeconds(1), Map.of(), List.of());

        start(slow, fast);

        await().atMost(WAIT).until(() -> batches(exporter.instance(), this::isFast).size() >= 3);
        assertThat(batches(exporter.instance(), b -> !isFast(b))).as("the slow target's first scrape").isEmpty();
        assertThat(batches(exporter.instance(), this::isFast)).allSatisfy(b -> assertThat(up(b)).isEqualTo(1));
    }

    private boolean isFast(MetricBatch b) {
        return b.samples().stream().anyMatch(s -> s.name().equals("up") && "fast".equals(s.labels().get("job")));
    }

    private void start(ScrapeConfig... targets) {
        service = new ScrapeService(List.of(targets), new Scraper(vertx), new MetricPublisher(emitter, registry),
                "collector-host", registry, vertx, Clock.systemUTC());
        service.start();
    }

    private static ScrapeConfig target(String name, URI url, Duration interval, Map<String, String> labels,
            List<Pattern> drop) {
        return new ScrapeConfig(name, url, interval, interval, labels, List.of(), drop, null, null, 0);
    }

    private MetricBatch awaitBatch(String instance, java.util.function.Predicate<MetricBatch> wanted) {
        return await().atMost(WAIT).until(() -> batches(instance, wanted).stream().findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private List<MetricBatch> batches(String instance, java.util.function.Predicate<MetricBatch> wanted) {
        return emitter.messages.stream().map(m -> Json.read(m.getPayload(), MetricBatch.class))
                .filter(b -> b.host().equals(instance)).filter(wanted).toList();
    }

    private static double up(MetricBatch batch) {
        return value(batch, "up");
    }

    private static double value(MetricBatch batch, String name) {
        return batch.samples().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static Optional<MetricSample> error(MetricBatch batch) {
        return batch.samples().stream().filter(s -> s.name().equals("scrape_error")).findFirst();
    }

    private double count(String target, String outcome) {
        Counter c = registry.find("vigil.scrapes").tag("target", target).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** A loopback port nothing listens on (bound, then closed). */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/metrics");
        }
    }

    private static ExporterFake fake() {
        try {
            return new ExporterFake();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
