package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.alert.pipeline.AlertPipeline;
import io.vigil.alert.pipeline.IncomingRecord;
import io.vigil.alert.pipeline.Partitions;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.EventSource;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts from health-check results on the real broker and PostgreSQL: results in on
 * {@code health-results}, the lifecycle stored with the topic's offsets, events and notifications
 * out, unreadable records dead-lettered, and a claim after a restart that neither re-fires nor
 * loses the open alert. The test config file has no health rule, so the built-in
 * {@code check-down} (2 failures, 1 success) judges every check here unless a test adds a rule.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class HealthAlertsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("health-service", "test");

    @Inject
    @Identifier(Topics.HEALTH_RESULTS)
    AlertPipeline pipeline;
    @Inject
    @Identifier(Topics.HEALTH_RESULTS)
    Partitions partitions;

    /** A push check's host is its name: so every record of this test names it as the host. */
    private final String check = "check-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
    private ConsumerTask<String, String> notifications;
    private ConsumerTask<String, String> alerts;

    @BeforeEach
    void listen() {
        notifications = KafkaResource.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
        alerts = KafkaResource.companion().consumeStrings().fromTopics(Topics.ALERTS);
    }

    @AfterEach
    void stopListening() {
        notifications.stop();
        alerts.stop();
    }

    @Test
    void downResultsFireNamingTheCheckAndItsMessageAndUpResultsResolve() throws Exception {
        send(result(0, HealthStatus.DOWN, "status 503 not in [200]"));
        RecordMetadata second = send(result(10, HealthStatus.DOWN, "status 503 not in [200]"));

        Notification firing = awaitNotifications(1).get(0);
        assertThat(firing.kind()).isEqualTo(NotificationKind.FIRING);
        assertThat(firing.rule()).isEqualTo("check-down");
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.summary()).isEqualTo(check + " is down: status 503 not in [200]");
        assertThat(firing.labels()).containsEntry("check", check).containsEntry("type", "heartbeat");
        assertThat(storedNextOffset(second.partition())).isGreaterThan(second.offset());
        assertThat(sourceTopic(firing.alertId())).isEqualTo(Topics.HEALTH_RESULTS);

        send(result(20, HealthStatus.UP, "ping received"));

        List<Notification> both = awaitNotifications(2);
        assertThat(both.get(1).kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(both.get(1).alertId()).isEqualTo(firing.alertId());
        assertThat(both.get(1).summary()).isEqualTo(check + " is up: ping received");
        // Pending (first DOWN), firing, resolved: one alert, one fingerprint, on alerts.
        await().atMost(WAIT).until(() -> mine(alerts.getRecords(), AlertEvent.class).size() >= 3);
        List<AlertEvent> events = mine(alerts.getRecords(), AlertEvent.class);
        assertThat(events).extracting(AlertEvent::state)
                .containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events).extracting(AlertEvent::fingerprint).containsOnly(firing.fingerprint());
    }

    @Test
    void theAlertsApiListsAHealthAlertLikeAnyOther() {
        send(result(0, HealthStatus.DOWN, "no ping for 26h"));
        send(result(10, HealthStatus.DOWN, "no ping for 26h"));
        awaitNotifications(1);

        given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("match", "check=\"" + check + "\"").queryParam("state", "firing")
                .when().get("/api/alerts")
                .then().statusCode(200)
                .body("items.rule", hasItem("check-down"))
                .body("items.summary", hasItem(check + " is down: no ping for 26h"))
                .body("items.labels.type", hasItem("heartbeat"));
    }

    @Test
    void anUnreadableRecordGoesToTheHealthDeadLetterTopicAndConsumptionGoesOn() {
        ConsumerTask<String, String> dlq = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.HEALTH_RESULTS_DLQ);
        try {
            KafkaResource.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.HEALTH_RESULTS, check,
                    "{\"checkId\":\"" + check + "\",\"status\":\"sideways\"}")).awaitCompletion(WAIT);
            send(result(0, HealthStatus.DOWN, "refused"));
            send(result(10, HealthStatus.DOWN, "refused"));

            await().atMost(WAIT).until(() -> dlq.getRecords().stream().anyMatch(r -> check.equals(r.key())));
            ConsumerRecord<String, String> dead = dlq.getRecords().stream().filter(r -> check.equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(dead.value()).contains("sideways");
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("HealthResult");
            assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.HEALTH_RESULTS);
            assertThat(header(dead, DeadLetterHeaders.OFFSET)).matches("\\d+");
            assertThat(awaitNotifications(1).get(0).kind()).isEqualTo(NotificationKind.FIRING);
            assertThat(resultsWithOutcome("dead_lettered")).isGreaterThanOrEqualTo(1);
        } finally {
            dlq.stop();
        }
    }

    @Test
    void afterARestartTheOpenAlertIsRestoredNotFiredAgainAndAReplayIsSkipped() throws Exception {
        send(result(0, HealthStatus.DOWN, "refused"));
        RecordMetadata fired = send(result(10, HealthStatus.DOWN, "refused"));
        Notification firing = awaitNotifications(1).get(0);

        // As after a restart (or a rebalance during which another instance held the partition): the
        // state held here is stale, so the next record claims the partition again and loads its open
        // alerts from PostgreSQL.
        partitions.revoked(List.of(fired.partition()));
        execute("UPDATE alert.partition_state SET epoch = epoch + 1, owner = 'another-instance' "
                + "WHERE topic = 'health-results' AND partition = " + fired.partition());
        partitions.assigned(List.of(fired.partition()));

        // The record that fired it again, as Kafka redelivers after a crash before its commit.
        double replayedBefore = resultsWithOutcome("replayed");
        pipeline.process(List.of(new IncomingRecord(Topics.HEALTH_RESULTS, fired.partition(), fired.offset(), check,
                Json.write(result(10, HealthStatus.DOWN, "refused"))))).await().atMost(WAIT);
        assertThat(resultsWithOutcome("replayed")).isGreaterThan(replayedBefore);

        send(result(20, HealthStatus.DOWN, "still refused"));
        RecordMetadata up = send(result(30, HealthStatus.UP, "ping received"));

        List<Notification> seen = awaitNotifications(2);
        assertThat(seen).extracting(Notification::kind).containsExactly(NotificationKind.FIRING,
                NotificationKind.RESOLVED);
        assertThat(seen.get(1).alertId()).as("the restored alert resolves, no new one").isEqualTo(firing.alertId());
        await().atMost(WAIT).until(() -> storedNextOffset(up.partition()) > up.offset());
        assertThat(count("SELECT count(*) FROM alert.alerts WHERE labels->>'check' = '" + check + "'")).isEqualTo(1);
    }

    @Test
    void aHealthRuleAddedThroughTheApiTakesItsChecksFromTheBuiltInRule() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String rule = "api-health-" + team;
        admin().contentType("application/json").body("{\"name\": \"" + rule + "\", \"type\": \"health\", "
                        + "\"failures\": 0}")
                .when().post("/api/rules").then().statusCode(400).body("field", equalTo("failures"));
        admin().contentType("application/json").body("{\"name\": \"" + rule + "\", \"type\": \"health\", "
                        + "\"matchers\": [\"team=\\\"" + team + "\\\"\"], \"failures\": 1, \"degraded\": \"ignore\", "
                        + "\"severity\": \"warning\"}")
                .when().post("/api/rules").then().statusCode(201)
                .body("definition.type", equalTo("health"))
                .body("definition.failures", equalTo(1))
                .body("definition.degraded", equalTo("ignore"));
        try {
            send(result(0, HealthStatus.DOWN, "refused", "team", team));

            Notification firing = awaitNotifications(1).get(0);
            assertThat(firing.rule()).as("one DOWN fires the API rule; check-down is not asked").isEqualTo(rule);
            assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        } finally {
            admin().when().delete("/api/rules/" + rule).then().statusCode(204);
        }
    }

    private HealthResult result(int second, HealthStatus status, String message, String... extraLabels) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("check", check, "type", "heartbeat",
                "host", check));
        for (int i = 0; i < extraLabels.length; i += 2) {
            labels.put(extraLabels[i], extraLabels[i + 1]);
        }
        return HealthResult.of(SOURCE, check, "heartbeat", t0.plusSeconds(second), status, 0, message, labels,
                Map.of(), null);
    }

    private RecordMetadata send(HealthResult result) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.HEALTH_RESULTS, result.checkId(), Json.write(result)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + Topics.HEALTH_RESULTS, e);
        }
    }

    /** Waits for {@code n} notifications of this test's check and checks there are exactly {@code n}. */
    private List<Notification> awaitNotifications(int n) {
        await().atMost(WAIT).until(() -> mine(notifications.getRecords(), Notification.class).size() >= n);
        List<Notification> seen = mine(notifications.getRecords(), Notification.class);
        assertThat(seen).hasSize(n);
        return seen;
    }

    private <T> List<T> mine(List<ConsumerRecord<String, String>> records, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().contains("\"check\":\"" + check + "\"")) {
                out.add(Json.read(r.value(), type));
            }
        }
        return out;
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static double resultsWithOutcome(String outcome) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^vigil_health_results_total\\{outcome=\"" + outcome + "\"} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long storedNextOffset(int partition) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT next_offset FROM alert.partition_state WHERE topic = 'health-results' AND partition = ?")) {
            s.setInt(1, partition);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static String sourceTopic(UUID alertId) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT source_topic FROM alert.alerts WHERE id = ?")) {
            s.setObject(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }

    private static int count(String sql) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
