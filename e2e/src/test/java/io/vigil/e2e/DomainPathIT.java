package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vigil.test.TestCertificates;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain path with real processes: a local TLS server whose certificate expires in 5 days →
 * the packaged domain-service (a domain of the config file, no rule written) → {@code domain-findings}
 * on a real Kafka broker → the packaged alert-service (the built-in {@code domain-problem} rule: 7
 * days or fewer is critical) → the packaged notifier-service → one post on a Mattermost fake naming
 * the endpoint and the days left.
 *
 * <p>"Exactly one post" is checked after a later post about a second domain, the sentinel, added
 * through the API once the first domain has run a few more times: every topic has one partition and
 * the notifier posts a route's notifications in order, so once the sentinel's post is there, any
 * post the earlier findings would make is there too.
 */
class DomainPathIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DOMAIN = "shop.example.test";
    private static final String SENTINEL = "sentinel.example.test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static TestCertificates certs;
    private static MattermostFake mattermost;
    private static AlertServiceStack stack;
    private static ServiceProcess domainService;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static String hook;
    private static String endpoint;

    @BeforeAll
    static void startEverything() throws Exception {
        certs = TestCertificates.create();
        TestCertificates.Issued soon = certs.leaf("localhost").expiringInDays(5).issue();
        vertx = Vertx.vertx();
        HttpServer target = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(soon.certPem().toString())
                                .setKeyPath(soon.keyPem().toString())))
                .requestHandler(r -> r.response().end("ok"));
        endpoint = "127.0.0.1:" + target.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).actualPort();

        mattermost = MattermostFake.start();
        hook = mattermost.createHook("town-square");

        // No rules: the alert-service adds domain-problem (warning at 21 days, critical at 7) by itself.
        stack = AlertServiceStack.start(dir, """
                alerting:
                  group-by: [domain]
                  group-wait: 1s
                  group-interval: 1s
                domains:
                  - name: %s
                    interval: 10s
                    tls:
                      - endpoint: %s
                        server-name: localhost
                        ca-bundle: %s
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """.formatted(DOMAIN, endpoint, certs.caBundlePem()), 1, false);
        stack.env().put("VIGIL_MM_OPS", mattermost.hookUrl(hook));
        stack.env().put("NOTIFIER_INITIAL_BACKOFF", "50ms");

        alertService = stack.startAlertService(dir.resolve("alert"));
        notifierService = stack.startNotifierService(dir.resolve("notifier"));
        domainService = stack.startDomainService(dir.resolve("domain"));
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
        domainService.awaitReady(Duration.ofSeconds(90));
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
        if (certs != null) {
            certs.close();
        }
    }

    @Test
    void aCertificateExpiringInFiveDaysPostsOneCriticalAlertNamingTheEndpointAndTheDaysLeft() throws Exception {
        ReceivedPost post = awaitPosts(DOMAIN, 1).get(0);
        assertThat(post.rawBody()).contains(endpoint).contains("expires in 5 days").containsIgnoringCase("critical")
                .doesNotContainIgnoringCase("resolved");

        // The inventory shows the certificate, soonest expiry first.
        JsonNode inventory = get("/api/certificates");
        assertThat(inventory.get(0).path("seen_at").asText()).isEqualTo(endpoint);
        assertThat(inventory.get(0).path("days_left").asInt()).isEqualTo(5);

        // The domain keeps finding the same thing every 10 s; two more runs, then a sentinel domain whose
        // endpoint refuses connections: once its post is there, nothing more came for the first domain.
        Instant seen = checkedAt();
        await("two more runs of " + DOMAIN).atMost(WAIT).until(() -> checkedAt().isAfter(seen.plusSeconds(15)));
        HttpResponse<String> added = HTTP.send(HttpRequest.newBuilder(URI.create(domainService.url("/api/domains")))
                .header("Authorization", "Bearer " + stack.token("e2e", "admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + SENTINEL + "\", \"interval\": \"10s\","
                        + " \"tls\": [{\"endpoint\": \"127.0.0.1:1\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(awaitPosts(SENTINEL, 1).get(0).rawBody()).contains("127.0.0.1:1");
        assertThat(postsFor(DOMAIN)).hasSize(1);
    }

    private static Instant checkedAt() throws Exception {
        JsonNode findings = get("/api/domains/" + DOMAIN + "/findings");
        return Instant.parse(findings.get(0).path("checked_at").asText());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(domainService.url(path)))
                .header("Authorization", "Bearer " + stack.token("e2e", "viewer")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<ReceivedPost> postsFor(String domain) {
        return mattermost.posts(hook).stream().filter(p -> p.rawBody().contains(domain)).toList();
    }

    private static List<ReceivedPost> awaitPosts(String domain, int n) {
        try {
            await().atMost(WAIT).until(() -> postsFor(domain).size() >= n);
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + n + " posts for " + domain + "; posts: "
                    + mattermost.posts(hook).stream().map(ReceivedPost::rawBody).toList()
                    + "\ndomain-service log:\n" + domainService.tail() + "\nalert-service log:\n" + alertService.tail()
                    + "\nnotifier-service log:\n" + notifierService.tail(), e);
        }
        return postsFor(domain);
    }
}
