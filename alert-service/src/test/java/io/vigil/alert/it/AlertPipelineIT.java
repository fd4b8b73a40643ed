package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alert-service against a real Kafka broker, PostgreSQL and signed tokens: metrics in, lifecycle stored, events out. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class AlertPipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");

    private final String host = "host-" + UUID.randomUUID().toString().substring(0, 8);
    /** Samples are stamped around now: older ones than alert.max-sample-age are skipped. */
    private final Instant t0 = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
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
    void breachFiresAndClearResolvesWithOneNotificationEach() throws Exception {
        send(batch(0, MetricSample.of("test_cpu_ratio", 0.95)));

        Notification firing = awaitNotifications(1).get(0);
        assertThat(firing.kind()).isEqualTo(NotificationKind.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.summary()).isEqualTo("CPU on " + host + " at 0.95");
        assertThat(firing.host()).isEqualTo(host);
        assertThat(stateInDatabase(firing.alertId())).isEqualTo("FIRING");

        send(batch(10, MetricSample.of("test_cpu_ratio", 0.6)));
        send(batch(20, MetricSample.of("test_cpu_ratio", 0.4)));

        List<Notification> both = awaitNotifications(2);
        Notification resolved = both.get(1);
        assertThat(resolved.kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(firing.alertId());
        assertThat(resolved.eventId()).isNotEqualTo(firing.eventId());
        assertThat(stateInDatabase(firing.alertId())).isEqualTo("RESOLVED");
        assertThat(eventCount(firing.alertId())).isEqualTo(2);

        List<AlertEvent> events = awaitAlertEvents(2);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events).extracting(AlertEvent::sequence).containsExactly(1L, 2L);
    }

    @Test
    void repeatedBreachDoesNotNotifyAgain() {
        send(batch(0, MetricSample.of("test_cpu_ratio", 0.95)));
        awaitNotifications(1);

        send(batch(10, MetricSample.of("test_cpu_ratio", 0.97)));
        send(batch(20, MetricSample.of("test_cpu_ratio", 0.85)));

        // 0.85 is a severity change (critical → warning): the next notification, and the only other one.
        List<Notification> seen = awaitNotifications(2);
        assertThat(seen.get(1).kind()).isEqualTo(NotificationKind.SEVERITY_CHANGED);
        assertThat(seen.get(1).severity()).isEqualTo(Severity.WARNING);
        assertThat(seen.get(1).previousSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void unreadableRecordGoesToDeadLetterTopicAndConsumptionGoesOn() {
        ConsumerTask<String, String> dlq = KafkaResource.companion().consumeStrings().fromTopics(Topics.METRICS_DLQ);
        try {
            KafkaResource.companion().produceStrings()
                    .fromRecords(new ProducerRecord<>(Topics.METRICS, host, "{\"not\":\"a batch\"}"));
            send(batch(0, MetricSample.of("test_cpu_ratio", 0.95)));

            await().atMost(WAIT).until(() -> dlq.getRecords().stream().anyMatch(r -> host.equals(r.key())));
            ConsumerRecord<String, String> dead = dlq.getRecords().stream().filter(r -> host.equals(r.key())).findFirst().orElseThrow();
            assertThat(dead.value()).isEqualTo("{\"not\":\"a batch\"}");
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("MetricBatch");
            assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.METRICS);
            assertThat(header(dead, DeadLetterHeaders.OFFSET)).matches("\\d+");
            assertThat(awaitNotifications(1).get(0).kind()).isEqualTo(NotificationKind.FIRING);
        } finally {
            dlq.stop();
        }
    }

    @Test
    void apiListsFiringAlertsForViewers() {
        send(batch(0, MetricSample.of("host_memory_total_bytes", 8e9)));
        awaitNotifications(1);

        // The list is a page object since the admin API (issue 6): the alerts are under "items".
        given().auth().oauth2(OidcResource.token("viewer"))
                .when().get("/api/alerts?state=firing")
                .then().statusCode(200)
                .body("items.findAll { it.labels.host == '" + host + "' }.rule", hasItem("memory-present"))
                .body("items.findAll { it.labels.host == '" + host + "' }.state", hasItem("firing"))
                .body("items.findAll { it.labels.host == '" + host + "' }.summary", hasItem(host + " has 8000000000 bytes"));
    }

    @Test
    void metricsCountBatchesByOutcomeAndTrackOpenSeries() {
        send(batch(0, MetricSample.of("host_memory_total_bytes", 8e9)));
        awaitNotifications(1);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern("(?m)^vigil_metric_batches_total\\{outcome=\"evaluated\"} [1-9]")
                .containsPattern("(?m)^vigil_alert_tracked_series [1-9]")
                .containsPattern("(?m)^vigil_alert_transitions_total\\{to=\"firing\"} [1-9]")
                .contains("vigil_rule_evaluation_seconds_count");
    }

    @Test
    void apiRefusesMissingTokenWrongRoleAndForeignKey() {
        given().when().get("/api/alerts").then().statusCode(401);
        given().auth().oauth2(OidcResource.token("guest")).when().get("/api/alerts").then().statusCode(403);
        given().auth().oauth2(OidcResource.tokenSignedByStranger("admin")).when().get("/api/alerts").then().statusCode(401);
        given().auth().oauth2(OidcResource.tokenForAudience("grafana", "admin")).when().get("/api/alerts").then().statusCode(401);
        given().auth().oauth2(OidcResource.token("admin")).when().get("/api/alerts").then().statusCode(200);
    }

    @Test
    void openApiDescribesTheAlertsEndpointWithItsTokenScheme() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/alerts'.get.parameters.name", hasItem("state"))
                .body("paths.'/api/alerts'.get.security", org.hamcrest.Matchers.notNullValue())
                .body("components.securitySchemes", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void apiNamesTheBadParameter() {
        given().auth().oauth2(OidcResource.token("viewer"))
                .when().get("/api/alerts?state=burning")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("state"))
                .body("status", equalTo(400));
        given().auth().oauth2(OidcResource.token("viewer"))
                .when().get("/api/alerts?limit=0")
                .then().statusCode(400)
                .body("field", equalTo("limit"));
    }

    private MetricBatch batch(int second, MetricSample... samples) {
        return MetricBatch.of(SOURCE, host, t0.plusSeconds(second), List.of(samples));
    }

    private void send(MetricBatch batch) {
        KafkaResource.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.METRICS, batch.host(), Json.write(batch)))
                .awaitCompletion(WAIT);
    }

    /**
     * Waits until {@code n} notifications for this test's host have arrived and checks there are
     * exactly {@code n}: records of one host share a partition, so an unwanted earlier one would
     * already be among them.
     */
    private List<Notification> awaitNotifications(int n) {
        await().atMost(WAIT).until(() -> mine(notifications.getRecords(), Notification.class).size() >= n);
        List<Notification> seen = mine(notifications.getRecords(), Notification.class);
        assertThat(seen).hasSize(n);
        return seen;
    }

    private List<AlertEvent> awaitAlertEvents(int n) {
        await().atMost(WAIT).until(() -> mine(alerts.getRecords(), AlertEvent.class).size() >= n);
        return mine(alerts.getRecords(), AlertEvent.class);
    }

    private <T> List<T> mine(List<ConsumerRecord<String, String>> records, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().contains("\"host\":\"" + host + "\"")) {
                out.add(Json.read(r.value(), type));
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String stateInDatabase(UUID alertId) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("select state from alert.alerts where id = ?")) {
            s.setObject(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int eventCount(UUID alertId) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("select count(*) from alert.alert_events where alert_id = ?")) {
            s.setObject(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
