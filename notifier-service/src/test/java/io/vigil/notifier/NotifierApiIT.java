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
import java.time.Duration;
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
    void everyOperationRefusesBadTokensAndLowerRolesAndAdmitsItsRoleAndAbove() {
        assertThat(RoleMatrix.failures(List.of("/api/routes", "/api/routes/{name}", "/api/routes/{name}/test",
                "/api/deliveries"), Set.of(), 404)).isEmpty();
        // A viewer reads deliveries but not the routes (they name where posts go).
        given().auth().oauth2(OidcResource.token("viewer")).get("/api/routes").then().statusCode(403);
    }
}
