package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape path with real processes (issue 9, acceptance 2): an exporter on loopback serving
 * Prometheus text → the packaged collector-service scraping it every second → {@code metrics} on a
 * real Kafka broker → the packaged alert-service with a threshold rule on the exporter's metric →
 * the packaged notifier-service → a post on the Mattermost fake; then the exporter serves a low
 * value and the alert resolves.
 */
class ScrapePathIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RULE = "queue-deep";
    /** A second alert, in a group of its own, whose posts come after any the first could still make. */
    private static final String SENTINEL = "scrape-sentinel";
    /** What the exporter serves on /metrics; the test changes it. */
    private static final AtomicReference<String> EXPOSITION = new AtomicReference<>();

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static MattermostFake mattermost;
    private static AlertServiceStack stack;
    private static ServiceProcess collectorService;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static String hook;
    private static int port;

    @BeforeAll
    static void startEverything() throws Exception {
        EXPOSITION.set(exposition(7, 0));
        vertx = Vertx.vertx();
        HttpServer exporter = vertx.createHttpServer().requestHandler(request -> {
            if (!request.path().equals("/metrics")) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(EXPOSITION.get());
        });
        port = exporter.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();

        mattermost = MattermostFake.start();
        hook = mattermost.createHook("town-square");

        stack = AlertServiceStack.start(dir, """
                collector:
                  interval: 10s
                  host: e2e-collector
                scrape:
                  - name: app
                    url: http://127.0.0.1:%d/metrics
                    interval: 1s
                    timeout: 900ms
                    labels: {role: queue}
                    drop: ["go_.*"]
                alerting:
                  group-by: [part]
                  group-wait: 1s
                  group-interval: 1s
                rules:
                  - name: %s
                    metric: app_queue_depth
                    labels: {job: app}
                    critical: {above: 5, for: 0s}
                    summary: "app_queue_depth of {job} ({role}) on {instance} at {value}"
                  - name: %s
                    metric: app_sentinel
                    labels: {job: app}
                    critical: {above: 5, for: 0s}
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """.formatted(port, RULE, SENTINEL), 1, false);
        stack.env().put("VIGIL_MM_OPS", mattermost.hookUrl(hook));
        stack.env().put("NOTIFIER_INITIAL_BACKOFF", "50ms");

        alertService = stack.startAlertService(dir.resolve("alert"));
        notifierService = stack.startNotifierService(dir.resolve("notifier"));
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
        collectorService = stack.startCollectorService(dir.resolve("collector"));
        collectorService.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (mattermost != null) {
            mattermost.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aScrapedMetricAboveItsThresholdPostsOneAlertAndResolvesWhenItDrops() {
        String instance = "127.0.0.1:" + port;

        // The exporter serves 7, above the rule's 5: one firing post naming the metric and the target.
        ReceivedPost firing = awaitPosts(1).get(0);
        assertThat(firing.rawBody()).contains(RULE)
                .contains("app_queue_depth of app (queue) on " + instance + " at 7")
                .doesNotContainIgnoringCase("resolved");

        // Still 7 every second, yet nothing more: checked once the sentinel's own alert is posted
        // (one partition, posts of a route in order).
        EXPOSITION.set(exposition(7, 9));
        awaitPosts(SENTINEL, 1);
        assertThat(postsFor(RULE)).hasSize(1);

        // The exporter serves 1: one resolved post, and nothing more once the sentinel's resolution is there.
        EXPOSITION.set(exposition(1, 9));
        List<ReceivedPost> posts = awaitPosts(2);
        assertThat(posts.get(1).rawBody()).contains(RULE).containsIgnoringCase("resolved");
        EXPOSITION.set(exposition(1, 0));
        assertThat(awaitPosts(SENTINEL, 2).get(1).rawBody()).containsIgnoringCase("resolved");
        assertThat(postsFor(RULE)).hasSize(2);
        assertThat(collectorService.log()).contains("scrape up target=app instance=" + instance);
    }

    private static String exposition(int depth, int sentinel) {
        return """
                # HELP app_queue_depth Jobs waiting in the queue.
                # TYPE app_queue_depth gauge
                app_queue_depth{part="queue"} %d
                app_sentinel{part="sentinel"} %d
                go_goroutines 12
                """.formatted(depth, sentinel);
    }

    private static List<ReceivedPost> postsFor(String rule) {
        return mattermost.posts(hook).stream().filter(p -> p.rawBody().contains(rule)).toList();
    }

    private static List<ReceivedPost> awaitPosts(int n) {
        return awaitPosts(RULE, n);
    }

    private static List<ReceivedPost> awaitPosts(String rule, int n) {
        try {
            await().atMost(WAIT).until(() -> postsFor(rule).size() >= n);
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + n + " posts for " + rule + "; posts: "
                    + mattermost.posts(hook).stream().map(ReceivedPost::rawBody).toList()
                    + "\ncollector-service log:\n" + collectorService.tail() + "\nalert-service log:\n"
                    + alertService.tail() + "\nnotifier-service log:\n" + notifierService.tail(), e);
        }
        return postsFor(rule);
    }
}
