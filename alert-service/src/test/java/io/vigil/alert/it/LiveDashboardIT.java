package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.live.AlertChanges;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live dashboard feed on real Kafka, PostgreSQL and OIDC keys: {@code /api/live} refuses
 * upgrades without a valid token, greets with hello and a snapshot, pushes alert changes made by
 * the pipeline and by an acknowledgement (heard through the V7 trigger and LISTEN), pushes chart
 * points only for watched hosts, answers bad messages with an error frame, and sends a fresh
 * snapshot after the LISTEN connection was lost. Also {@code /api/hosts},
 * {@code /api/dashboard/config} and the sources without a URL.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class LiveDashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");

    @TestHTTPResource("/api/live")
    URI live;
    @Inject
    TestClock clock;

    private final String host = "live-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<LiveClient> clients = new ArrayList<>();

    @BeforeEach
    void realTime() {
        // Other tests of this application move its clock; samples here are stamped by the real one.
        clock.reset();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(LiveClient::close);
    }

    @Test
    void anUpgradeWithoutAValidTokenIsRefusedWith401() {
        assertThat(refusal(List.of(), Map.of())).isEqualTo(401);
        assertThat(refusal(LiveClient.browserProtocols(OidcResource.tokenSignedByStranger("viewer")), Map.of()))
                .isEqualTo(401);
        assertThat(refusal(LiveClient.browserProtocols(OidcResource.expiredToken("viewer")), Map.of()))
                .isEqualTo(401);
        assertThat(refusal(List.of(), Map.of("Authorization", "Bearer " + OidcResource.expiredToken("viewer"))))
                .isEqualTo(401);
        assertThat(refusal(List.of("bearer-token-carrier"), Map.of())).isEqualTo(401);
    }

    @Test
    void aViewerWithTheTokenInTheSubprotocolGetsHelloThenSnapshot() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LiveClient client = connect(LiveClient.browserProtocols(OidcResource.tokenFor("ann", "viewer")), Map.of());

        JsonNode hello = client.next(WAIT);
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.path("user").asText()).isEqualTo("ann");
        assertThat(hello.path("roles")).hasSize(1);
        assertThat(hello.path("roles").get(0).asText()).isEqualTo("viewer");
        assertThat(Instant.parse(hello.path("serverTime").asText())).isAfterOrEqualTo(before);
        JsonNode snapshot = client.next(WAIT);
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("alerts").isArray()).isTrue();
        assertThat(client.subprotocol()).isEqualTo("bearer-token-carrier");
    }

    @Test
    void anAuthorizationHeaderOnTheUpgradeWorksToo() throws Exception {
        LiveClient client = connect(List.of(), Map.of("Authorization", "Bearer " + OidcResource.token("operator")));

        JsonNode hello = client.next(WAIT);
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.path("user").asText()).isEqualTo("test-user");
        assertThat(hello.path("roles").get(0).asText()).isEqualTo("operator");
        assertThat(client.next(WAIT).path("type").asText()).isEqualTo("snapshot");
    }

    @Test
    void alertChangesReachOpenConnectionsAndLaterSnapshots() throws Exception {
        LiveClient first = greeted();

        send(host, Instant.now(), List.of(MetricSample.of("test_cpu_ratio", 0.95)));

        JsonNode fired = first.await(f -> isAlertOf(f, host) && f.path("alert").path("state").asText().equals("firing"),
                WAIT).path("alert");
        String id = fired.path("id").asText();
        // The frames' alert is the API's alert, field for field: the API's current one was sent too
        // (the dispatcher may have set its route since it fired, which is a change of its own).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode api = Json.read(given().auth().oauth2(OidcResource.token("viewer"))
                    .when().get("/api/alerts/" + id).then().statusCode(200).extract().asString(), JsonNode.class)
                    .path("alert");
            first.drain();
            assertThat(first.seen).anyMatch(f -> isAlertOf(f, host) && f.path("alert").equals(api));
        });

        given().auth().oauth2(OidcResource.tokenFor("alice", "operator")).contentType("application/json")
                .body(Map.of("comment", "on it")).when().post("/api/alerts/" + id + "/ack")
                .then().statusCode(200);

        JsonNode acked = first.await(f -> isAlertOf(f, host)
                && f.path("alert").path("state").asText().equals("acknowledged"), WAIT).path("alert");
        assertThat(acked.path("id").asText()).isEqualTo(id);
        assertThat(acked.path("acknowledgement").path("by").asText()).isEqualTo("alice");
        assertThat(acked.path("acknowledgement").path("comment").asText()).isEqualTo("on it");
        assertThat(acked.path("sequence").asLong()).isGreaterThan(fired.path("sequence").asLong());

        LiveClient second = connect(LiveClient.browserProtocols(OidcResource.token("viewer")), Map.of());
        assertThat(second.next(WAIT).path("type").asText()).isEqualTo("hello");
        JsonNode snapshot = second.next(WAIT);
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        JsonNode inSnapshot = StreamSupport.stream(snapshot.path("alerts").spliterator(), false)
                .filter(a -> a.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(inSnapshot.path("state").asText()).isEqualTo("acknowledged");
        assertThat(inSnapshot.path("acknowledgement").path("by").asText()).isEqualTo("alice");
    }

    @Test
    void aWatchedHostGetsItsChartPointsAndAnUnwatchedOneNone() throws Exception {
        String other = host + "-unwatched";
        LiveClient client = greeted();
        client.send("{\"type\":\"watch\",\"hosts\":[\"" + host + "\"]}");
        // Messages are handled in order: this error proves the watch before it is in place.
        client.send("{\"type\":\"nonsense\"}");
        assertThat(client.await(f -> type(f).equals("error"), WAIT).path("message").asText()).startsWith("type:");

        Instant otherAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(other, otherAt, List.of(MetricSample.of("host_cpu_usage_ratio", 0.11)));
        // Listed in /api/hosts: its batch went through the pipeline (and past the live tap) before this.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/hosts")
                        .then().statusCode(200)
                        .body("find { it.host == '" + other + "' }.up", equalTo(true))
                        .body("find { it.host == '" + other + "' }.lastSeen", equalTo(otherAt.toString())));

        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(host, at, List.of(MetricSample.of("host_cpu_usage_ratio", 0.42),
                new MetricSample("host_filesystem_used_ratio", Map.of("mount", "/"), 0.7),
                MetricSample.of("host_uptime_seconds", 1000)));

        JsonNode points = client.await(f -> type(f).equals("points"), WAIT);
        assertThat(points.path("host").asText()).isEqualTo(host);
        assertThat(points.path("points")).hasSize(2);
        JsonNode cpu = points.path("points").get(0);
        assertThat(cpu.path("metric").asText()).isEqualTo("host_cpu_usage_ratio");
        assertThat(cpu.path("labels")).isEqualTo(Json.read("{\"host\":\"" + host + "\"}", JsonNode.class));
        assertThat(cpu.path("t").asLong()).isEqualTo(at.toEpochMilli());
        assertThat(cpu.path("v").asDouble()).isEqualTo(0.42);
        JsonNode disk = points.path("points").get(1);
        assertThat(disk.path("metric").asText()).isEqualTo("host_filesystem_used_ratio");
        assertThat(disk.path("labels").path("mount").asText()).isEqualTo("/");
        assertThat(disk.path("labels").path("host").asText()).isEqualTo(host);
        // The unwatched host's batch came first, so any flush that could carry it has run by now.
        assertThat(client.seen).noneMatch(f -> type(f).equals("points") && f.path("host").asText().equals(other));
    }

    @Test
    void aBadMessageGetsAnErrorNamingTheFieldAndTheConnectionStaysOpen() throws Exception {
        LiveClient client = greeted();

        client.send("{not json");
        assertThat(nextError(client)).startsWith("message:");
        client.send("{\"type\":\"watch\",\"hosts\":\"web-1\"}");
        assertThat(nextError(client)).startsWith("hosts:");
        client.send("{\"type\":\"watch\",\"hosts\":[\"web-1\", 7]}");
        assertThat(nextError(client)).startsWith("hosts[1]:");
        String tooMany = IntStream.range(0, 21).mapToObj(i -> "\"h" + i + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
        client.send("{\"type\":\"watch\",\"hosts\":[" + tooMany + "]}");
        assertThat(nextError(client)).startsWith("hosts:").contains("20");
        client.send("{\"type\":\"watch\",\"hosts\":[],\"extra\":1}");
        assertThat(nextError(client)).startsWith("extra:");
    }

    @Test
    void aLostListenConnectionIsFollowedByAFreshSnapshot() throws Exception {
        LiveClient client = greeted();

        int terminated = terminateListener();

        assertThat(terminated).isPositive();
        assertThat(client.await(f -> type(f).equals("snapshot"), WAIT).path("alerts").isArray()).isTrue();
        // And changes are heard again on the new connection.
        send(host, Instant.now(), List.of(MetricSample.of("test_cpu_ratio", 0.95)));
        client.await(f -> isAlertOf(f, host), WAIT);
    }

    @Test
    void theDashboardConfigAndStaticFilesArePublicAndLoginIsByToken() {
        given().when().get("/api/dashboard/config").then().statusCode(200)
                .body("login", equalTo("token"))
                .body("authServerUrl", nullValue())
                .body("clientId", nullValue())
                .body("sources.health", equalTo(false))
                .body("sources.domains", equalTo(false));
        // The dashboard's page and bundle (the vigil-dashboard jar on the class path) need no token.
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("assets/app.js"));
        given().when().get("/assets/app.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/api/live"));
        given().when().get("/assets/app.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void aSourceWithoutItsUrlAnswers404NamingSource() {
        given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/sources/health/checks")
                .then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("source"))
                .body("detail", containsString("ALERT_HEALTH_URL"));
        given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/sources/domains/certificates")
                .then().statusCode(404).body("field", equalTo("source"))
                .body("detail", containsString("ALERT_DOMAIN_URL"));
        given().when().get("/api/sources/health/checks").then().statusCode(401);
        given().when().get("/api/hosts").then().statusCode(401);
    }

    private LiveClient greeted() throws Exception {
        LiveClient client = connect(LiveClient.browserProtocols(OidcResource.token("viewer")), Map.of());
        assertThat(type(client.next(WAIT))).isEqualTo("hello");
        assertThat(type(client.next(WAIT))).isEqualTo("snapshot");
        return client;
    }

    private LiveClient connect(List<String> protocols, Map<String, String> headers) throws LiveClient.Refused {
        LiveClient client = LiveClient.open(ws(), protocols, headers);
        clients.add(client);
        return client;
    }

    private int refusal(List<String> protocols, Map<String, String> headers) {
        LiveClient.Refused refused = catchThrowableOfType(() -> connect(protocols, headers), LiveClient.Refused.class);
        assertThat(refused).as("the upgrade was accepted").isNotNull();
        return refused.status;
    }

    private URI ws() {
        return URI.create(live.toString().replaceFirst("^http", "ws"));
    }

    private static String nextError(LiveClient client) throws InterruptedException {
        JsonNode frame = client.await(f -> type(f).equals("error"), WAIT);
        return frame.path("message").asText();
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    private static boolean isAlertOf(JsonNode frame, String host) {
        return type(frame).equals("alert") && frame.path("alert").path("labels").path("host").asText().equals(host);
    }

    /** Ends the service's LISTEN connection from the server side, as a PostgreSQL restart or a network cut would. */
    private static int terminateListener() throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name = ? AND pid <> pg_backend_pid()""")) {
            s.setString(1, AlertChanges.APPLICATION_NAME);
            ResultSet r = s.executeQuery();
            r.next();
            return r.getInt(1);
        }
    }

    private static void send(String host, Instant at, List<MetricSample> samples) {
        MetricBatch batch = MetricBatch.of(SOURCE, host, at, samples);
        KafkaResource.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch)))
                .awaitCompletion(WAIT);
    }
}
