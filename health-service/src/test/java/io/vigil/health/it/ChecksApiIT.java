package io.vigil.health.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/checks} on PostgreSQL and the real broker: admins add, change and delete checks;
 * the file's checks are read-only; a check runs on its schedule and on demand, its results go to
 * {@code health-results} keyed by check id with the check's labels, and are listed newest first.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class ChecksApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Vertx vertx;
    private static HttpServer server;

    private final String name = "api-check-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startTarget() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(req -> req.response().putHeader("content-type", "application/json")
                        .end("{\"status\": \"UP\"}"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopTarget() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAdminAddsRunsChangesAndDeletesACheck() {
        ConsumerTask<String, String> results = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.HEALTH_RESULTS);
        try {
            admin().contentType("application/json").body(http(name, "$.status", "UP"))
                    .when().post("/api/checks")
                    .then().statusCode(201)
                    .header("Location", endsWith("/api/checks/" + name))
                    .body("name", equalTo(name))
                    .body("source", equalTo("api"))
                    .body("updated_by", equalTo("dave"))
                    .body("definition.type", equalTo("http"))
                    .body("definition.headers.Authorization", equalTo("******"));

            operator().when().post("/api/checks/" + name + "/run")
                    .then().statusCode(200)
                    .body("status", equalTo("up"))
                    .body("details.status_code", equalTo("200"));

            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerRecord<String, String> record = results.getRecords().stream()
                        .filter(r -> name.equals(r.key())).findFirst().orElseThrow();
                HealthResult r = Json.read(record.value(), HealthResult.class);
                assertThat(r.checkId()).isEqualTo(name);
                assertThat(r.status()).isEqualTo(HealthStatus.UP);
                assertThat(r.labels()).containsEntry("check", name).containsEntry("type", "http")
                        .containsEntry("host", "127.0.0.1").containsEntry("team", "web");
                assertThat(record.value()).doesNotContain("s3cret");
            });
            await().atMost(WAIT).untilAsserted(() -> viewer().when().get("/api/checks/" + name + "/results")
                    .then().statusCode(200)
                    .body("size()", greaterThanOrEqualTo(1))
                    .body("[0].check", equalTo(name))
                    .body("[0].status", equalTo("up")));

            // The name may be left out on PUT; the condition now fails.
            admin().contentType("application/json").body(http(null, "$.status", "DOWN"))
                    .when().put("/api/checks/" + name)
                    .then().statusCode(200).body("definition.expect.json-path", hasEntry("$.status", "DOWN"));
            operator().when().post("/api/checks/" + name + "/run")
                    .then().statusCode(200)
                    .body("status", equalTo("down"))
                    .body("details.failed_condition", containsString("$.status"));

            admin().when().delete("/api/checks/" + name).then().statusCode(204);
            // The last word about the check's labels, so an alert it raised resolves now. Exactly one: a
            // result the API runs after the delete (one partition, one producer) comes later on the topic.
            operator().when().post("/api/checks/closed-port/run").then().statusCode(200);
            await().atMost(WAIT).until(() -> {
                List<ConsumerRecord<String, String>> seen = results.getRecords();
                int removal = -1;
                for (int i = 0; i < seen.size(); i++) {
                    if (name.equals(seen.get(i).key()) && Json.read(seen.get(i).value(), HealthResult.class).removed()) {
                        removal = i;
                        break;
                    }
                }
                return removal >= 0 && seen.stream().skip(removal + 1).anyMatch(r -> "closed-port".equals(r.key()));
            });
            assertThat(results.getRecords().stream()
                    .filter(r -> name.equals(r.key())).map(r -> Json.read(r.value(), HealthResult.class))
                    .filter(HealthResult::removed).toList()).singleElement().satisfies(r -> {
                        assertThat(r.labels()).containsEntry("check", name).containsEntry("team", "web");
                        assertThat(r.status()).isEqualTo(HealthStatus.UP);
                    });
            viewer().when().get("/api/checks/" + name).then().statusCode(404).body("field", equalTo("name"));
            viewer().when().get("/api/checks").then().statusCode(200).body("name", not(hasItem(name)));
            admin().when().delete("/api/checks/" + name).then().statusCode(404);
        } finally {
            results.close();
        }
    }

    @Test
    void aProvisionedCheckRunsOnItsScheduleAndIsReadOnly() {
        viewer().when().get("/api/checks").then().statusCode(200)
                .body("name", hasItems("closed-port", "nightly-backup"))
                .body("find { it.name == 'closed-port' }.source", equalTo("file"));
        // 127.0.0.1:1 refuses connections: the scheduled runs say so.
        await().atMost(WAIT).untilAsserted(() -> viewer().when().get("/api/checks/closed-port")
                .then().statusCode(200).body("last.status", equalTo("down")));

        admin().contentType("application/json").body(http("closed-port", "$.a", "b"))
                .when().put("/api/checks/closed-port")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("config file"));
        admin().when().delete("/api/checks/closed-port").then().statusCode(409);
        admin().contentType("application/json").body(http("closed-port", "$.a", "b")).when().post("/api/checks")
                .then().statusCode(409).body("field", equalTo("name"));
    }

    @Test
    void anInvalidCheckIsA400NamingTheField() {
        admin().contentType("application/json")
                .body("{\"name\": \"bad\", \"type\": \"http\", \"url\": \"http://x\", \"expect\": {\"status\": [700]}}")
                .when().post("/api/checks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("expect.status[0]"))
                .body("detail", containsString("not an HTTP status"));
        admin().contentType("application/json").body("{\"name\": \"bad\", \"type\": \"smtp\"}")
                .when().post("/api/checks")
                .then().statusCode(400).body("field", equalTo("type"));
        admin().contentType("application/json").body("not json").when().post("/api/checks")
                .then().statusCode(400).body("field", equalTo("body"));
        viewer().when().get("/api/checks/closed-port/results?limit=0").then().statusCode(400)
                .body("field", equalTo("limit"));
        viewer().when().get("/api/checks?status=sideways").then().statusCode(400).body("field", equalTo("status"));
    }

    @Test
    void rolesAreEnforced() {
        given().when().get("/api/checks").then().statusCode(401);
        viewer().contentType("application/json").body(http(name, "$.a", "b")).when().post("/api/checks")
                .then().statusCode(403);
        viewer().when().post("/api/checks/closed-port/run").then().statusCode(403);
        operator().when().delete("/api/checks/closed-port").then().statusCode(403);
        operator().when().post("/api/checks/nope/run").then().statusCode(404);
    }

    private String http(String checkName, String path, String expected) {
        return "{" + (checkName == null ? "" : "\"name\": \"" + checkName + "\", ") + "\"type\": \"http\","
                + " \"url\": \"http://127.0.0.1:" + server.actualPort() + "/health\", \"interval\": \"1h\","
                + " \"headers\": {\"Authorization\": \"Bearer s3cret\"}, \"labels\": {\"team\": \"web\"},"
                + " \"expect\": {\"status\": [200], \"json-path\": {\"" + path + "\": \"" + expected + "\"}}}";
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.tokenFor("vic", "viewer"));
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(OidcResource.tokenFor("olga", "operator"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }
}
