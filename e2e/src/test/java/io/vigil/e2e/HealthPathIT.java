package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health path with real processes: a local HTTP target the test turns bad and good again → the
 * packaged health-service (its check, every second) → {@code health-results} on a real Kafka broker
 * → the packaged alert-service (the built-in {@code check-down} rule: two DOWN in a row fire, one UP
 * resolves) → the packaged notifier-service → posts on a Mattermost fake. All three store in a real
 * PostgreSQL.
 *
 * <p>"Exactly one post" is checked after a later post of a second check, the sentinel, in a group of
 * its own on the same route: every topic has one partition, the dispatcher handles its queue in order
 * and the notifier posts a route's notifications in order, so once the sentinel's post is there, any
 * post the target's earlier results would make is there too.
 */
class HealthPathIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String CHECK = "path-target";
    private static final String SENTINEL = "path-sentinel";
    /** The status each path of the target answers; the test flips them. */
    private static final Map<String, AtomicInteger> STATUS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static MattermostFake mattermost;
    private static AlertServiceStack stack;
    private static ServiceProcess healthService;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static String hook;

    @BeforeAll
    static void startEverything() throws Exception {
        STATUS.put("/" + CHECK, new AtomicInteger(200));
        STATUS.put("/" + SENTINEL, new AtomicInteger(200));
        vertx = Vertx.vertx();
        HttpServer target = vertx.createHttpServer().requestHandler(request -> {
            AtomicInteger status = STATUS.get(request.path());
            int code = status == null ? 404 : status.get();
            request.response().setStatusCode(code).end(code == 200 ? "ok" : "not ok");
        });
        int port = target.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();

        mattermost = MattermostFake.start();
        hook = mattermost.createHook("town-square");

        // No rules: the alert-service adds check-down (failures 2, successes 1) when no health rule is written.
        // Both targets are on 127.0.0.1, their results' host label: grouped by host (the default) they
        // would share posts, so the posts are grouped by check.
        stack = AlertServiceStack.start(dir, """
                alerting:
                  group-by: [check]
                  group-wait: 1s
                  group-interval: 1s
                checks:
                  - name: %1$s
                    type: http
                    url: http://127.0.0.1:%3$d/%1$s
                    interval: 1s
                  - name: %2$s
                    type: http
                    url: http://127.0.0.1:%3$d/%2$s
                    interval: 1s
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """.formatted(CHECK, SENTINEL, port), 1, false);
        stack.env().put("VIGIL_MM_OPS", mattermost.hookUrl(hook));
        stack.env().put("NOTIFIER_INITIAL_BACKOFF", "50ms");

        alertService = stack.startAlertService(dir.resolve("alert"));
        notifierService = stack.startNotifierService(dir.resolve("notifier"));
        healthService = stack.startHealthService(dir.resolve("health"));
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
        healthService.awaitReady(Duration.ofSeconds(90));
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
    void checkGoingDownPostsOneAlertAndComingBackPostsOneResolved() throws Exception {
        // Given both checks running and UP.
        awaitLastStatus(CHECK, "up");
        awaitLastStatus(SENTINEL, "up");

        // When the target answers 503: one firing post naming the check.
        STATUS.get("/" + CHECK).set(503);
        ReceivedPost firing = awaitPosts(CHECK, 1).get(0);
        assertThat(firing.rawBody()).contains(CHECK).doesNotContainIgnoringCase("resolved");

        // The health-service keeps the DOWN result with what the target answered (written in batches).
        await("a DOWN result with status_code 503").atMost(WAIT).untilAsserted(() -> {
            JsonNode results = results(CHECK);
            assertThat(StreamSupport.stream(results.spliterator(), false))
                    .as("results of %s: %s", CHECK, results)
                    .anyMatch(r -> r.path("status").asText().equals("down")
                            && r.path("details").path("status_code").asText().equals("503"));
        });

        // Still DOWN every second, yet nothing more: checked once the sentinel's own alert is posted.
        STATUS.get("/" + SENTINEL).set(503);
        awaitPosts(SENTINEL, 1);
        assertThat(postsFor(CHECK)).hasSize(1);

        // When the target answers 200 again: one resolved post.
        STATUS.get("/" + CHECK).set(200);
        List<ReceivedPost> posts = awaitPosts(CHECK, 2);
        assertThat(posts.get(1).rawBody()).contains(CHECK).containsIgnoringCase("resolved");

        // Still UP every second, yet nothing more: checked once the sentinel's resolution is posted.
        STATUS.get("/" + SENTINEL).set(200);
        assertThat(awaitPosts(SENTINEL, 2).get(1).rawBody()).containsIgnoringCase("resolved");
        assertThat(postsFor(CHECK)).hasSize(2);
    }

    /** Waits until the check's latest result, as the health-service API shows it, has this status. */
    private static void awaitLastStatus(String check, String status) {
        String[] last = {""};
        try {
            await(check + " " + status).atMost(WAIT).until(() -> {
                HttpResponse<String> r = get("/api/checks/" + check);
                last[0] = r.statusCode() + " " + r.body();
                return r.statusCode() == 200 && JSON.readTree(r.body()).path("last").path("status").asText().equals(status);
            });
        } catch (RuntimeException e) {
            throw new AssertionError(check + " never " + status + "; last answer: " + last[0] + "\nhealth-service log:\n"
                    + healthService.tail(), e);
        }
    }

    /** The check's recent results, newest first, read with a viewer's token. */
    private static JsonNode results(String check) throws Exception {
        HttpResponse<String> r = get("/api/checks/" + check + "/results");
        assertThat(r.statusCode()).as("GET results of %s: %s", check, r.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        assertThat(results.isArray()).isTrue();
        return results;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(healthService.url(path)))
                .header("Authorization", "Bearer " + stack.token("e2e", "viewer")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<ReceivedPost> postsFor(String check) {
        return mattermost.posts(hook).stream().filter(p -> p.rawBody().contains(check)).toList();
    }

    private static List<ReceivedPost> awaitPosts(String check, int n) {
        try {
            await().atMost(WAIT).until(() -> postsFor(check).size() >= n);
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + n + " posts for " + check + "; posts: "
                    + mattermost.posts(hook).stream().map(ReceivedPost::rawBody).toList()
                    + "\nhealth-service log:\n" + healthService.tail() + "\nalert-service log:\n" + alertService.tail()
                    + "\nnotifier-service log:\n" + notifierService.tail(), e);
        }
        List<ReceivedPost> posts = postsFor(check);
        assertThat(posts).hasSize(n);
        return posts;
    }
}
