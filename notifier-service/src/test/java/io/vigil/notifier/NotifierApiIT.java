package io.vigil.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.RoleMatrix;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The notifier's admin API on the routes tree of {@link TreeRoutesResource}: the tree with secrets
 * masked, a test post through a route, the delivery log, and who may do what.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TreeRoutesResource.class, restrictToAnnotatedClass = true)
class NotifierApiIT {

    private final MattermostFake fake = TreeRoutesResource.fake();

    @Test
    void theRoutesTreeIsListedInWalkOrderWithEverySecretMasked() {
        Response response = given().auth().oauth2(OidcResource.token("admin")).get("/api/routes");

        response.then().statusCode(200)
                .body("name", equalTo(List.of("bot", "storm", "gone", "escalating", "muted", "fanout", "fanout-also",
                        "admins")))
                .body("find { it.name == 'fanout' }.continueMatching", equalTo(true))
                .body("find { it.name == 'fanout' }.destinations.name", equalTo(List.of("mattermost", "b")))
                .body("find { it.name == 'admins' }.defaultRoute", equalTo(true))
                .body("find { it.name == 'escalating' }.escalate[0].mention", equalTo("@oncall"))
                .body("find { it.name == 'escalating' }.escalate[0].after", equalTo("2s"))
                .body("find { it.name == 'storm' }.destinations[0].ratePerSecond", equalTo(50.0f))
                .body("find { it.name == 'bot' }.destinations[0].mode", equalTo("bot"))
                .body("find { it.name == 'muted' }.mute", hasItem(org.hamcrest.Matchers.containsString("SATURDAY")));
        String body = response.asString();
        for (String hook : List.of("storm", "gone", "first", "admins")) {
            assertThat(body).doesNotContain(TreeRoutesResource.hook(hook));
        }
        assertThat(body).doesNotContain("/hooks/").doesNotContain(TreeRoutesResource.botToken());
    }

    @Test
    void anUnknownRouteIsA404NamingTheField() {
        given().auth().oauth2(OidcResource.token("admin")).get("/api/routes/nope")
                .then().statusCode(404).body("field", equalTo("name"));
        given().auth().oauth2(OidcResource.token("admin")).post("/api/routes/nope/test")
                .then().statusCode(404).body("field", equalTo("name"));
    }

    @Test
    void aTestPostGoesToEveryDestinationOfTheRouteAndIsRecorded() {
        int before = fake.posts(TreeRoutesResource.hook("fan-b")).size();

        given().auth().oauth2(OidcResource.tokenFor("dave", "admin")).post("/api/routes/fanout/test")
                .then().statusCode(200)
                .body("route", equalTo("fanout"))
                .body("results.destination", equalTo(List.of("mattermost", "b")))
                .body("results.delivered", equalTo(List.of(true, true)));

        List<ReceivedPost> posts = fake.posts(TreeRoutesResource.hook("fan-b"));
        assertThat(posts).hasSize(before + 1);
        assertThat(posts.get(posts.size() - 1).attachments().get(0).path("text").asText())
                .contains("Test post for route fanout, sent by dave");
        // Only the route's own destinations: continue does not apply to a test post.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("route", "fanout").queryParam("status", "delivered").get("/api/deliveries")
                .then().statusCode(200).body("rule", hasItem("vigil-test-post")));
    }

    @Test
    void aTestPostToADestinationRefusingItSaysWhy() {
        given().auth().oauth2(OidcResource.token("admin")).post("/api/routes/gone/test")
                .then().statusCode(200)
                .body("results[0].delivered", equalTo(false))
                .body("results[0].cause", equalTo("http_404"));
    }

    @Test
    void deliveriesRefuseAnUnknownStatusAndALimitOutOfRangeNamingTheParameter() {
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("status", "lost").get("/api/deliveries")
                .then().statusCode(400).body("field", equalTo("status"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("limit", "0").get("/api/deliveries")
                .then().statusCode(400).body("field", equalTo("limit"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("limit", "ten").get("/api/deliveries")
                .then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void aRouteAddedThroughTheApiTakesNotificationsAtOnceAndCanBeChangedAndRemoved() {
        String apiHook = fake.hookUrl(TreeRoutesResource.hook("api"));
        String body = """
                {"name": "api-db", "match": {"route": "api"}, "mattermost": {"webhook-url": "%s"}}""".formatted(apiHook);

        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json").body(body)
                .post("/api/routes")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/api/routes/api-db"))
                .body("source", equalTo("api"))
                .body("destinations[0].target", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/hooks/")));
        Notification first = notification("api");
        publish(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> postsOf("api", first) == 1);

        // A second add of the name, a change of a file route, a ${VAR} URL and a mismatched name are refused.
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json").body(body)
                .post("/api/routes").then().statusCode(409).body("field", equalTo("name"));
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json").body(body)
                .put("/api/routes/storm").then().statusCode(409);
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json")
                .body("{\"name\": \"x\", \"mattermost\": {\"webhook-url\": \"${MM_HOOK_API}\"}}")
                .post("/api/routes").then().statusCode(400).body("field", equalTo("mattermost.webhook-url"));
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json")
                .body("{\"name\": \"x\", \"mattermost\": {\"webhook-url\": \"https://mm/hooks/x\"}, \"mute\": [{\"weekdays\": \"mon\"}]}")
                .post("/api/routes").then().statusCode(400).body("field", equalTo("mute[0].from"));
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json").body(body)
                .put("/api/routes/other-name").then().statusCode(404);

        // Changed: now it only takes critical ones; a warning goes to the default route instead.
        given().auth().oauth2(OidcResource.token("admin")).contentType("application/json").body("""
                {"match": {"route": "api", "severity": "critical"}, "mattermost": {"webhook-url": "%s"}}""".formatted(apiHook))
                .put("/api/routes/api-db").then().statusCode(200).body("match.severity", equalTo("critical"));
        Notification second = notification("api");
        publish(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> postsOf("admins", second) == 1);
        assertThat(postsOf("api", second)).isZero();

        given().auth().oauth2(OidcResource.token("admin")).delete("/api/routes/api-db").then().statusCode(204);
        given().auth().oauth2(OidcResource.token("admin")).get("/api/routes/api-db").then().statusCode(404);
        given().auth().oauth2(OidcResource.token("admin")).delete("/api/routes/admins").then().statusCode(409);
    }

    private int postsOf(String hook, Notification n) {
        return (int) fake.posts(TreeRoutesResource.hook(hook)).stream()
                .filter(p -> n.eventId().toString().equals(p.payload().path("props").path("vigil_notification_id").asText()))
                .count();
    }

    private void publish(Notification n) {
        KafkaResource.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.NOTIFICATIONS, n.fingerprint(), Json.write(n)))
                .awaitCompletion(Duration.ofSeconds(20));
    }

    private static Notification notification(String route) {
        UUID alertId = UUID.randomUUID();
        return new Notification(Notification.idFor(alertId, 1), Instant.now(), new EventSource("alert-service", "test"),
                1, NotificationKind.FIRING, alertId, "fp-" + alertId, 1, "high-cpu", Severity.WARNING, null,
                "CPU at 97% on web-1", Map.of("host", "web-1", "route", route), 0.97, Instant.now().minusSeconds(60));
    }

    @Test
    void everyOperationRefusesBadTokensAndLowerRolesAndAdmitsItsRoleAndAbove() {
        assertThat(RoleMatrix.failures(List.of("/api/routes", "/api/routes/{name}", "/api/routes/{name}/test",
                "/api/deliveries"), Set.of(), 404)).isEmpty();
        // A viewer reads deliveries but not the routes (they name where posts go).
        given().auth().oauth2(OidcResource.token("viewer")).get("/api/routes").then().statusCode(403);
    }
}
