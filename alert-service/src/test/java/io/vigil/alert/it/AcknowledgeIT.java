package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/alerts/{id}/ack} on alerts the real pipeline raised from metrics: one transaction
 * writes the acknowledgement, its history row, the dispatcher's item and the {@code alerts} event.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class AcknowledgeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");

    private final String host = "ack-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
    private ConsumerTask<String, String> alerts;
    private ConsumerTask<String, String> notifications;

    @BeforeEach
    void listen() {
        alerts = KafkaResource.companion().consumeStrings().fromTopics(Topics.ALERTS);
        notifications = KafkaResource.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
    }

    @AfterEach
    void stopListening() {
        alerts.stop();
        notifications.stop();
    }

    @Test
    void anOperatorAcknowledgesAFiringAlertOnceAndHistoryShowsWhoAndWhy() throws Exception {
        UUID id = firingAlert();
        // An acknowledgement is told only after the firing was (the dispatcher's dedup).
        await().atMost(WAIT).until(() -> notifiedItem(id, 1) != null);

        JsonPath acked = given().auth().oauth2(OidcResource.tokenFor("alice", "operator"))
                .contentType("application/json").body(Map.of("comment", "looking into it"))
                .when().post("/api/alerts/" + id + "/ack")
                .then().statusCode(200)
                .body("state", equalTo("acknowledged"))
                .body("acknowledgement.by", equalTo("alice"))
                .body("acknowledgement.comment", equalTo("looking into it"))
                .extract().jsonPath();
        long sequence = acked.getLong("sequence");
        String at = acked.getString("acknowledgement.at");
        assertThat(sequence).isEqualTo(2);

        // Again, by someone else: the first acknowledgement stands and nothing new is written.
        given().auth().oauth2(OidcResource.tokenFor("bob", "admin")).contentType("application/json").body("{}")
                .when().post("/api/alerts/" + id + "/ack")
                .then().statusCode(200)
                .body("state", equalTo("acknowledged"))
                .body("acknowledgement.by", equalTo("alice"))
                .body("acknowledgement.at", equalTo(at))
                .body("sequence", equalTo((int) sequence));

        JsonPath detail = given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/alerts/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(detail.getList("history.to")).containsExactly("firing", "acknowledged");
        assertThat(detail.getList("history.sequence", Long.class)).containsExactly(1L, 2L);
        assertThat(detail.getString("history[1].from")).isEqualTo("firing");
        assertThat(detail.getString("history[1].actor")).isEqualTo("alice");
        assertThat(detail.getString("history[1].reason")).isEqualTo("looking into it");

        JsonNode item = toldItem(id, sequence);
        assertThat(item.path("kind").asText()).isEqualTo("acknowledged");
        await().atMost(WAIT).until(() -> notifiedItem(id, sequence) != null);
        assertThat(notifiedItem(id, sequence).path("actor").asText()).isEqualTo("alice");
        assertThat(item.path("actor").asText()).isEqualTo("alice");
        assertThat(item.path("comment").asText()).isEqualTo("looking into it");
        assertThat(item.path("labels").path("host").asText()).isEqualTo(host);

        await().atMost(WAIT).until(() -> alertEvents(id).stream().anyMatch(e -> e.state() == AlertState.ACKNOWLEDGED));
        AlertEvent event = alertEvents(id).stream().filter(e -> e.state() == AlertState.ACKNOWLEDGED).findFirst()
                .orElseThrow();
        assertThat(event.fromState()).isEqualTo(AlertState.FIRING);
        assertThat(event.sequence()).isEqualTo(sequence);
        assertThat(event.reason()).isEqualTo("looking into it");
        assertThat(alertEvents(id)).filteredOn(e -> e.state() == AlertState.ACKNOWLEDGED).hasSize(1);

        given().auth().oauth2(OidcResource.token("viewer")).queryParam("state", "acknowledged")
                .queryParam("match", "host=\"" + host + "\"")
                .when().get("/api/alerts").then().statusCode(200).body("items.id", equalTo(List.of(id.toString())));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("state", "firing")
                .queryParam("match", "host=\"" + host + "\"")
                .when().get("/api/alerts").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void anAcknowledgementWithoutABodyHasNoComment() {
        UUID id = firingAlert();

        given().auth().oauth2(OidcResource.token("operator"))
                .when().post("/api/alerts/" + id + "/ack")
                .then().statusCode(200)
                .body("acknowledgement.by", equalTo("test-user"))
                .body("acknowledgement.comment", nullValue());
    }

    @Test
    void aResolvedAlertCannotBeAcknowledged() {
        send(0, 0.95);
        send(10, 0.4);
        UUID id = awaitAlert("resolved");

        given().auth().oauth2(OidcResource.token("operator")).contentType("application/json").body("{}")
                .when().post("/api/alerts/" + id + "/ack")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409));
    }

    @Test
    void anUnknownOrMalformedIdOrALongCommentIsRefused() {
        given().auth().oauth2(OidcResource.token("operator")).contentType("application/json").body("{}")
                .when().post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(404).body("field", equalTo("id"));
        given().auth().oauth2(OidcResource.token("operator")).contentType("application/json").body("{}")
                .when().post("/api/alerts/123/ack")
                .then().statusCode(400).body("field", equalTo("id"));
        given().auth().oauth2(OidcResource.token("operator")).contentType("application/json")
                .body(Map.of("comment", "x".repeat(1001)))
                .when().post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(400).body("field", equalTo("comment"));
        given().auth().oauth2(OidcResource.token("operator")).contentType("application/json")
                .body(Map.of("coment", "typo"))
                .when().post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(400).body("field", equalTo("coment"));
    }

    private UUID firingAlert() {
        send(0, 0.95);
        return awaitAlert("firing");
    }

    /** Waits until this test's host has an alert in {@code state} and returns its id. */
    private UUID awaitAlert(String state) {
        String[] id = new String[1];
        await().atMost(WAIT).until(() -> {
            List<String> ids = given().auth().oauth2(OidcResource.token("viewer")).queryParam("state", state)
                    .queryParam("match", "host=\"" + host + "\"")
                    .when().get("/api/alerts").then().statusCode(200).extract().jsonPath().getList("items.id");
            id[0] = ids.isEmpty() ? null : ids.get(0);
            return id[0] != null;
        });
        return UUID.fromString(id[0]);
    }

    private void send(int second, double cpu) {
        MetricBatch batch = MetricBatch.of(SOURCE, host, t0.plusSeconds(second),
                List.of(MetricSample.of("test_cpu_ratio", cpu)));
        KafkaResource.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch)))
                .awaitCompletion(WAIT);
    }

    private List<AlertEvent> alertEvents(UUID alertId) {
        return alerts.getRecords().stream().map(ConsumerRecord::value)
                .map(v -> Json.read(v, AlertEvent.class)).filter(e -> e.alertId().equals(alertId)).toList();
    }

    /**
     * The acknowledgement's item for the dispatcher: still queued (it waits for its group's next
     * post), or already in a grouped notification, whichever the dispatcher's timing gives; then
     * the test waits for the post itself.
     */
    private JsonNode toldItem(UUID alertId, long sequence) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            found[0] = queuedItem(alertId, sequence);
            if (found[0] == null) {
                found[0] = notifiedItem(alertId, sequence);
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static JsonNode queuedItem(UUID alertId, long sequence) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT kind, item::text FROM alert.dispatch_queue WHERE alert_id = ? AND sequence = ?")) {
            s.setObject(1, alertId);
            s.setLong(2, sequence);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                assertThat(rs.getString(1)).isEqualTo("ACKNOWLEDGED");
                return Json.read(rs.getString(2), JsonNode.class);
            }
        }
    }

    private JsonNode notifiedItem(UUID alertId, long sequence) {
        for (ConsumerRecord<String, String> r : notifications.getRecords()) {
            for (JsonNode item : Json.read(r.value(), JsonNode.class).path("group").path("alerts")) {
                if (item.path("alertId").asText().equals(alertId.toString())
                        && item.path("sequence").asLong() == sequence) {
                    return item;
                }
            }
        }
        return null;
    }
}
