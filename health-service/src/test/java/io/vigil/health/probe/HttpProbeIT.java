package io.vigil.health.probe;

import static io.vigil.health.probe.TestTargets.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import io.vigil.config.HttpCheck;
import io.vigil.events.HealthStatus;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProbeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpServer tlsServer;
    private static SelfSignedCertificate certificate;
    private static HttpProbe probe;
    private static HttpProbe strictProbe;
    /** Trusts the test certificate, as if a real CA had signed it for probe.test. */
    private static HttpProbe trustingProbe;
    private static int port;
    private static int tlsPort;
    /** Server-side connections still open, to see that a timed-out check lets go of its own. */
    private static final Set<Object> openConnections = ConcurrentHashMap.newKeySet();
    /** What the server saw of the last request to /echo: method, X-Probe header, body. */
    private static final Map<String, String> lastEcho = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServers() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .connectionHandler(c -> {
                    openConnections.add(c);
                    c.closeHandler(v -> openConnections.remove(c));
                })
                .requestHandler(HttpProbeIT::handle);
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

        certificate = SelfSignedCertificate.create(TestTargets.LOCAL_NAME);
        tlsServer = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true).setSni(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(r -> r.response().end("secure ok, sni=" + r.connection().indicatedServerName()));
        tlsPort = tlsServer.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

        probe = new HttpProbe(vertx, TestTargets.lenientGuard());
        strictProbe = new HttpProbe(vertx, TestTargets.strictGuard());
        trustingProbe = new HttpProbe(vertx, TestTargets.lenientGuard(), certificate.trustOptions());
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (probe != null) {
            probe.close();
            strictProbe.close();
            trustingProbe.close();
        }
        if (certificate != null) {
            certificate.delete();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static void handle(HttpServerRequest r) {
        switch (r.path()) {
            case "/ok" -> r.response().end("all ok");
            case "/unavailable" -> r.response().setStatusCode(503).end("down for maintenance");
            case "/health" -> r.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"ok\":true}],\"version\":42}");
            case "/slow" -> vertx.setTimer(300, id -> r.response().end("slow ok"));
            case "/never" -> {
                // Never answers.
            }
            case "/relative-redirect" -> r.response().setStatusCode(302).putHeader("Location", "ok").end();
            case "/absolute-redirect" -> r.response().setStatusCode(301)
                    .putHeader("Location", "http://" + TestTargets.LOCAL_NAME + ":" + port + "/ok").end();
            case "/metadata-redirect" -> r.response().setStatusCode(302)
                    .putHeader("Location", "http://169.254.169.254/latest/meta-data/?token=s3cr3t").end();
            case "/loop" -> r.response().setStatusCode(302).putHeader("Location", "/loop").end();
            case "/see-other" -> r.response().setStatusCode(303).putHeader("Location", "/echo").end();
            case "/echo" -> r.body().onSuccess(body -> {
                lastEcho.put("method", r.method().name());
                lastEcho.put("x-probe", String.valueOf(r.getHeader("X-Probe")));
                lastEcho.put("host", String.valueOf(r.getHeader("Host")));
                lastEcho.put("body", body.toString());
                r.response().end("echo " + r.method().name());
            });
            case "/big" -> r.response().end("x".repeat(3 * 1024 * 1024) + "tail");
            default -> r.response().setStatusCode(404).end();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static HttpCheck get(String url, HttpCheck.Expect expect) {
        return new HttpCheck("GET", URI.create(url), Map.of(), null, expect, true, true);
    }

    private static HttpCheck.Expect expectStatus(int... codes) {
        List<HttpCheck.StatusRange> ranges = java.util.Arrays.stream(codes).mapToObj(c -> new HttpCheck.StatusRange(c, c)).toList();
        return new HttpCheck.Expect(ranges, null, null, null, null);
    }

    private static ProbeResult run(HttpProbe p, HttpCheck http) {
        return run(p, http, TIMEOUT);
    }

    private static ProbeResult run(HttpProbe p, HttpCheck http, Duration timeout) {
        return p.run(check(http, timeout)).await().atMost(timeout.plusSeconds(10));
    }

    @Test
    void upWhenTheStatusIsAccepted() {
        ProbeResult r = run(probe, get(url("/ok"), HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.details()).containsEntry("status_code", "200").containsEntry("address", "127.0.0.1")
                .containsEntry("redirects", "0").doesNotContainKey("failed_condition").doesNotContainKey("cert_expires_at");
        assertThat(r.latencyMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void downWhenTheStatusIsNotAccepted() {
        ProbeResult r = run(probe, get(url("/unavailable"), expectStatus(200)));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("status 503 not in [200]");
        assertThat(r.details()).containsEntry("failed_condition", "status 503 not in [200]").containsEntry("status_code", "503");
    }

    @Test
    void upWhenAnAcceptedStatusIsAnError() {
        ProbeResult r = run(probe, get(url("/unavailable"), expectStatus(200, 503)));

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void bodyContainsPassesAndFails() {
        ProbeResult ok = run(probe, get(url("/ok"), new HttpCheck.Expect(null, "all ok", null, null, null)));
        ProbeResult missing = run(probe, get(url("/ok"), new HttpCheck.Expect(null, "ready", null, null, null)));

        assertThat(ok.status()).isEqualTo(HealthStatus.UP);
        assertThat(missing.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(missing.message()).isEqualTo("body does not contain \"ready\"");
    }

    @Test
    void bodyMatchesPassesAndFails() {
        ProbeResult ok = run(probe, get(url("/ok"), new HttpCheck.Expect(null, null, Pattern.compile("a.l\\s+o[k]"), null, null)));
        ProbeResult no = run(probe, get(url("/ok"), new HttpCheck.Expect(null, null, Pattern.compile("^ok$"), null, null)));

        assertThat(ok.status()).isEqualTo(HealthStatus.UP);
        assertThat(no.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(no.message()).isEqualTo("body does not match \"^ok$\"");
    }

    @Test
    void jsonPathConditionsPassWhenEveryValueIsAsExpected() {
        ProbeResult r = run(probe, get(url("/health"), new HttpCheck.Expect(null, null, null,
                Map.of("$.checks[0].ok", "true", "$.version", "42", "$.checks[-1].name", "db"), null)));

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void jsonPathConditionFailsNamingPathValueAndExpectation() {
        ProbeResult wrong = run(probe, get(url("/health"), new HttpCheck.Expect(null, null, null, Map.of("$.status", "UP"), null)));
        ProbeResult missing = run(probe, get(url("/health"), new HttpCheck.Expect(null, null, null, Map.of("$.uptime", "1"), null)));
        ProbeResult notJson = run(probe, get(url("/ok"), new HttpCheck.Expect(null, null, null, Map.of("$.status", "UP"), null)));

        assertThat(wrong.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(wrong.message()).isEqualTo("$.status is \"DOWN\", expected \"UP\"");
        assertThat(missing.message()).isEqualTo("$.uptime is missing, expected \"1\"");
        assertThat(notJson.message()).startsWith("body is not JSON");
    }

    @Test
    void degradedWhenEveryConditionHoldsButTheAnswerIsTooSlow() {
        ProbeResult r = run(probe, get(url("/slow"), new HttpCheck.Expect(null, "slow ok", null, null, Duration.ofMillis(50))));

        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.latencyMillis()).isGreaterThanOrEqualTo(300);
        assertThat(r.message()).startsWith("latency ").endsWith("ms above 50ms");
    }

    @Test
    void downRatherThanDegradedWhenAConditionFailsOnASlowAnswer() {
        ProbeResult r = run(probe, get(url("/slow"), new HttpCheck.Expect(null, "nope", null, null, Duration.ofMillis(50))));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("body does not contain \"nope\"");
    }

    @Test
    void followsRelativeAndAbsoluteRedirects() {
        ProbeResult relative = run(probe, get(url("/relative-redirect"), new HttpCheck.Expect(null, "all ok", null, null, null)));
        ProbeResult absolute = run(probe, get(url("/absolute-redirect"), new HttpCheck.Expect(null, "all ok", null, null, null)));

        assertThat(relative.status()).isEqualTo(HealthStatus.UP);
        assertThat(relative.details()).containsEntry("redirects", "1").containsEntry("status_code", "200");
        assertThat(absolute.status()).isEqualTo(HealthStatus.UP);
        assertThat(absolute.details()).containsEntry("redirects", "1")
                .containsEntry("final_url", "http://" + TestTargets.LOCAL_NAME + ":" + port + "/ok");
    }

    @Test
    void aRedirectIsTheAnswerWhenRedirectsAreNotFollowed() {
        HttpCheck noFollow = new HttpCheck("GET", URI.create(url("/relative-redirect")), Map.of(), null, expectStatus(302), true, false);
        HttpCheck noFollowExpecting200 = new HttpCheck("GET", URI.create(url("/relative-redirect")), Map.of(), null,
                expectStatus(200), true, false);

        ProbeResult r = run(probe, noFollow);
        ProbeResult wrong = run(probe, noFollowExpecting200);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.details()).containsEntry("status_code", "302").containsEntry("redirects", "0");
        assertThat(wrong.message()).isEqualTo("status 302 not in [200]");
    }

    @Test
    void stopsAfterTheMaximumNumberOfRedirects() {
        ProbeResult r = run(probe, get(url("/loop"), HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("more than 10 redirects");
        assertThat(r.details()).containsEntry("redirects", "10");
    }

    @Test
    void aSeeOtherAfterAPostIsFollowedWithAGetWithoutTheBody() {
        HttpCheck post = new HttpCheck("POST", URI.create(url("/see-other")), Map.of("X-Probe", "hdr-value"), "request-body",
                new HttpCheck.Expect(null, "echo GET", null, null, null), true, true);

        ProbeResult r = run(probe, post);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(lastEcho).containsEntry("method", "GET").containsEntry("body", "").containsEntry("x-probe", "hdr-value");
    }

    @Test
    void sendsMethodHeadersBodyAndTheUrlsHostToTheGuardedAddress() {
        HttpCheck put = new HttpCheck("PUT", URI.create("http://" + TestTargets.LOCAL_NAME + ":" + port + "/echo"),
                Map.of("X-Probe", "hdr-value"), "request-body", new HttpCheck.Expect(null, "echo PUT", null, null, null), true, true);

        ProbeResult r = run(probe, put);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.details()).containsEntry("address", "127.0.0.1");
        assertThat(lastEcho).containsEntry("method", "PUT").containsEntry("x-probe", "hdr-value")
                .containsEntry("body", "request-body").containsEntry("host", TestTargets.LOCAL_NAME + ":" + port);
        assertThat(r.message() + r.details()).doesNotContain("hdr-value").doesNotContain("request-body");
    }

    @Test
    void refusesARedirectToTheMetadataAddressNamingTheRedirect() {
        ProbeResult r = run(probe, get(url("/metadata-redirect"), HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("refused redirect to http://169.254.169.254/latest/meta-data/?token=***: "
                + "169.254.169.254 (link-local/cloud metadata, never allowed)");
        assertThat(r.message() + r.details()).doesNotContain("s3cr3t");
    }

    @Test
    void refusesANameThatResolvesToTheMetadataAddress() {
        ProbeResult r = run(probe, get("http://" + TestTargets.METADATA_NAME + "/latest/meta-data/", HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("refused: metadata.test resolves to 169.254.169.254 (link-local/cloud metadata, never allowed)");
    }

    @Test
    void refusesAPrivateTargetWhenThePolicyForbidsIt() {
        ProbeResult r = run(strictProbe, get(url("/ok"), HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("refused: 127.0.0.1 is a loopback address (set health.allow-private-targets=true to allow)");
    }

    @Test
    void downWhenTheNameDoesNotResolve() {
        ProbeResult r = run(probe, get("http://nosuch.test/", HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("cannot resolve nosuch.test");
    }

    @Test
    void downWhenNothingListens() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }

        ProbeResult r = run(probe, get("http://127.0.0.1:" + closed + "/", HttpCheck.Expect.DEFAULT));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("connection refused");
    }

    @Test
    void timesOutAndClosesItsConnection() {
        ProbeResult r = run(probe, get(url("/never"), HttpCheck.Expect.DEFAULT), Duration.ofMillis(500));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("timed out after 500ms");
        assertThat(r.details()).containsEntry("address", "127.0.0.1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openConnections).isEmpty());
    }

    @Test
    void manyChecksAtOnceAgainstOneServerAllGetTheirAnswer() {
        // 500 at once, a tenth of them slow: no connection pool limit may hold any of them back.
        List<io.smallrye.mutiny.Uni<ProbeResult>> runs = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> probe.run(check(get(url(i % 10 == 0 ? "/slow" : "/ok"), HttpCheck.Expect.DEFAULT), TIMEOUT)))
                .toList();

        List<ProbeResult> results = io.smallrye.mutiny.Uni.join().all(runs).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertThat(results).hasSize(500).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(HealthStatus.UP));
    }

    @Test
    void readsAtMostOneMebibyteOfBody() {
        ProbeResult r = run(probe, get(url("/big"), new HttpCheck.Expect(null, "tail", null, null, null)));

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).isEqualTo("body does not contain \"tail\"");
        assertThat(r.details()).containsEntry("body_truncated", "true");
    }

    @Test
    void selfSignedCertificateIsDownWhenVerified() {
        HttpCheck verified = get("https://" + TestTargets.LOCAL_NAME + ":" + tlsPort + "/", HttpCheck.Expect.DEFAULT);

        ProbeResult r = run(probe, verified);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("TLS handshake failed: ").contains("certification path");
    }

    @Test
    void verifiesTheCertificateAgainstTheUrlsHostWhileConnectingToTheGuardedAddress() {
        HttpCheck byName = get("https://" + TestTargets.LOCAL_NAME + ":" + tlsPort + "/",
                new HttpCheck.Expect(null, "sni=" + TestTargets.LOCAL_NAME, null, null, null));
        HttpCheck otherName = get("https://" + TestTargets.OTHER_NAME + ":" + tlsPort + "/", HttpCheck.Expect.DEFAULT);

        ProbeResult named = run(trustingProbe, byName);
        ProbeResult wrongName = run(trustingProbe, otherName);

        assertThat(named.status()).isEqualTo(HealthStatus.UP);
        assertThat(named.details()).containsEntry("address", "127.0.0.1").containsKey("cert_expires_at");
        assertThat(wrongName.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(wrongName.details()).containsEntry("address", "127.0.0.1");
        assertThat(wrongName.message()).startsWith("TLS handshake failed: ").contains(TestTargets.OTHER_NAME);
    }

    @Test
    void selfSignedCertificateIsUpWithItsExpiryWhenNotVerified() throws Exception {
        HttpCheck unverified = new HttpCheck("GET", URI.create("https://" + TestTargets.LOCAL_NAME + ":" + tlsPort + "/"),
                Map.of(), null, new HttpCheck.Expect(null, "secure ok", null, null, null), false, true);

        ProbeResult r = run(probe, unverified);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.details()).containsEntry("cert_expires_at", notAfter(certificate.certificatePath()));
    }

    private static String notAfter(String pem) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return cert.getNotAfter().toInstant().toString();
        }
    }
}
