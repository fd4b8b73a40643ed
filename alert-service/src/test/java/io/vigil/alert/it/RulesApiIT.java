package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/rules} on PostgreSQL: admins add, change and delete rules; rules provisioned from the
 * config file ({@code test-cpu}) are read-only there; bodies are checked by the config file's
 * loader, whose field path the 400 problem names.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class RulesApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name = "api-rule-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAdminAddsChangesAndDeletesARule() {
        admin().contentType("application/json").body(rule(name, 5))
                .when().post("/api/rules")
                .then().statusCode(201)
                .header("Location", endsWith("/api/rules/" + name))
                .body("name", equalTo(name))
                .body("source", equalTo("api"))
                .body("createdBy", equalTo("dave"))
                .body("definition.type", equalTo("threshold"))
                .body("definition.metric", equalTo("api_test_metric"))
                .body("definition.warning.above", equalTo(5.0f))
                .body("definition.warning.for", equalTo("1m"));

        viewer().when().get("/api/rules").then().statusCode(200)
                .body("name", hasItems("memory-present", "test-cpu", name))
                .body("find { it.name == 'test-cpu' }.source", equalTo("file"))
                .body("find { it.name == 'test-cpu' }.definition.critical.above", equalTo(0.9f))
                .body("find { it.name == '" + name + "' }.source", equalTo("api"));

        // The body's name may be left out on PUT: the path gives it.
        admin().contentType("application/json").body(rule(null, 6))
                .when().put("/api/rules/" + name)
                .then().statusCode(200)
                .body("definition.warning.above", equalTo(6.0f))
                .body("updatedBy", equalTo("dave"));
        viewer().when().get("/api/rules/" + name).then().statusCode(200)
                .body("definition.warning.above", equalTo(6.0f));

        admin().when().delete("/api/rules/" + name).then().statusCode(204);
        viewer().when().get("/api/rules/" + name).then().statusCode(404).body("field", equalTo("name"));
        viewer().when().get("/api/rules").then().statusCode(200).body("name", not(hasItem(name)));
        admin().when().delete("/api/rules/" + name).then().statusCode(404);
        admin().contentType("application/json").body(rule(name, 7)).when().put("/api/rules/" + name)
                .then().statusCode(404);
    }

    @Test
    void aProvisionedRuleIsReadOnlyAndItsNameTaken() {
        viewer().when().get("/api/rules/test-cpu").then().statusCode(200).body("source", equalTo("file"));

        admin().contentType("application/json").body(rule("test-cpu", 5)).when().put("/api/rules/test-cpu")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("config file"));
        admin().when().delete("/api/rules/test-cpu")
                .then().statusCode(409).body("detail", containsString("config file"));
        admin().contentType("application/json").body(rule("test-cpu", 5)).when().post("/api/rules")
                .then().statusCode(409).body("field", equalTo("name"));
    }

    @Test
    void aNameAddedTwiceIsAConflict() {
        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules").then().statusCode(201);
        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules")
                .then().statusCode(409).body("field", equalTo("name"));
        admin().when().delete("/api/rules/" + name).then().statusCode(204);
    }

    @Test
    void invalidRulesAreRefusedNamingTheFieldAndValidateAgrees() {
        String typo = "{\"name\": \"" + name + "\", \"metric\": \"m\", \"warning\": {\"abve\": 1}}";
        admin().contentType("application/json").body(typo).when().post("/api/rules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("warning.abve"));
        admin().contentType("application/json").body(typo).when().post("/api/rules/validate")
                .then().statusCode(400).body("field", equalTo("warning.abve"));
        admin().contentType("application/json").body("{\"metric\": \"m\", \"warning\": {\"above\": 1}}")
                .when().post("/api/rules").then().statusCode(400).body("field", equalTo("name"));
        admin().contentType("application/json").body("[1]").when().post("/api/rules")
                .then().statusCode(400).body("field", equalTo("body"));
        admin().contentType("application/json").body(rule("other-name", 5)).when().put("/api/rules/" + name)
                .then().statusCode(400).body("field", equalTo("name"));

        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("rule.name", equalTo(name));
        viewer().when().get("/api/rules/" + name).then().statusCode(404);
    }

    @Test
    void aRuleCreatedThroughTheApiFiresWithoutARestartAndItsDeletionResolvesItsAlert() throws Exception {
        String host = "api-host-" + UUID.randomUUID().toString().substring(0, 8);
        String metric = "api_fire_" + UUID.randomUUID().toString().substring(0, 8);
        ConsumerTask<String, String> notifications = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.NOTIFICATIONS);
        try {
            // Given a rule added through the API (no restart follows)
            admin().contentType("application/json")
                    .body("{\"name\": \"" + name + "\", \"metric\": \"" + metric + "\", "
                            + "\"critical\": {\"above\": 1}, \"summary\": \"{host} at {value}\"}")
                    .when().post("/api/rules").then().statusCode(201);

            // When a sample breaches it
            send(host, metric, 5);

            // Then it fires and people are told
            await().atMost(WAIT).until(() -> notifications.getRecords().stream()
                    .anyMatch(r -> r.value().contains("\"rule\":\"" + name + "\"") && r.value().contains(host)));

            // And deleting the rule resolves its open alert, with the reason in its history
            admin().when().delete("/api/rules/" + name).then().statusCode(204);
            await().atMost(WAIT).until(() -> notifications.getRecords().stream()
                    .anyMatch(r -> r.value().contains(host) && r.value().contains("\"kind\":\"resolved\"")));
            String id = viewer().queryParam("match", "host=\"" + host + "\"").queryParam("state", "resolved")
                    .when().get("/api/alerts").then().statusCode(200).extract().path("items[0].id");
            viewer().when().get("/api/alerts/" + id).then().statusCode(200)
                    .body("history[-1].to", equalTo("resolved"))
                    .body("history[-1].reason", containsString("removed"));
        } finally {
            notifications.stop();
        }
    }

    private static void send(String host, String metric, double value) throws Exception {
        MetricBatch batch = MetricBatch.of(new EventSource("collector-service", "test"), host, Instant.now(),
                List.of(MetricSample.of(metric, value)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch))).get(30, TimeUnit.SECONDS);
        }
    }

    private static String rule(String name, double above) {
        return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
                + "\"metric\": \"api_test_metric\", \"warning\": {\"above\": " + above + ", \"for\": \"1m\"}}";
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.token("viewer"));
    }
}
