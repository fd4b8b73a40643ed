package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.DomainFinding;
import io.vigil.events.EventSource;
import io.vigil.events.FindingStatus;
import io.vigil.events.Json;
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
 * Alerts from domain findings on the real broker and PostgreSQL: findings in on
 * {@code domain-findings} as the domain-service publishes them (JSON, keyed by domain), the
 * lifecycle stored with the topic's offsets, events and notifications out, unreadable records
 * dead-lettered. The test config file has no domain rule, so the built-in {@code domain-problem}
 * (warning at 21 days, critical at 7) judges every finding here.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class DomainAlertsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("domain-service", "test");

    /** Each test its own domain, so its alerts and records never meet another test's. */
    private final String domain = "d-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    private final String endpoint = domain + ":443";
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
    void aCertificateWithFiveDaysLeftFiresOneCriticalAlertNamingTheEndpointAndAnOkFindingResolvesIt()
            throws Exception {
        RecordMetadata sent = send(cert(0, FindingStatus.WARN, "expiry", 5));

        Notification firing = awaitNotifications(1).get(0);
        assertThat(firing.kind()).isEqualTo(NotificationKind.FIRING);
        assertThat(firing.rule()).isEqualTo("domain-problem");
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.summary()).contains(endpoint).contains("5 days");
        assertThat(firing.labels()).containsEntry("domain", domain).containsEntry("kind", "tls")
                .containsEntry("subject", endpoint);
        assertThat(sourceTopic(firing.alertId())).isEqualTo(Topics.DOMAIN_FINDINGS);
        await().atMost(WAIT).until(() -> storedNextOffset(sent.partition()) > sent.offset());
        given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("match", "domain=\"" + domain + "\"").queryParam("state", "firing")
                .when().get("/api/alerts")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items.rule", hasItem("domain-problem"))
                .body("items.severity", hasItem("critical"));

        send(cert(600, FindingStatus.OK, "ok", 89));

        List<Notification> both = awaitNotifications(2);
        assertThat(both.get(1).kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(both.get(1).alertId()).isEqualTo(firing.alertId());
        // Firing then resolved: one alert, one fingerprint, on alerts (no pending: no for-duration).
        await().atMost(WAIT).until(() -> mine(alerts.getRecords(), AlertEvent.class).size() >= 2);
        List<AlertEvent> events = mine(alerts.getRecords(), AlertEvent.class);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events).extracting(AlertEvent::fingerprint).containsOnly(firing.fingerprint());
    }

    @Test
    void anUnreadableRecordGoesToTheDomainDeadLetterTopicAndConsumptionGoesOn() {
        ConsumerTask<String, String> dlq = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.DOMAIN_FINDINGS_DLQ);
        try {
            KafkaResource.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.DOMAIN_FINDINGS, domain,
                    "{\"domain\":\"" + domain + "\",\"kind\":\"tls\",\"status\":\"sideways\"}")).awaitCompletion(WAIT);
            send(cert(0, FindingStatus.FAIL, "hostname_mismatch", 200));

            await().atMost(WAIT).until(() -> dlq.getRecords().stream().anyMatch(r -> domain.equals(r.key())));
            ConsumerRecord<String, String> dead = dlq.getRecords().stream().filter(r -> domain.equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(dead.value()).contains("sideways");
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("DomainFinding");
            assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.DOMAIN_FINDINGS);
            assertThat(header(dead, DeadLetterHeaders.OFFSET)).matches("\\d+");
            Notification firing = awaitNotifications(1).get(0);
            assertThat(firing.kind()).as("the next record was evaluated").isEqualTo(NotificationKind.FIRING);
            assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(findingsWithOutcome("dead_lettered")).isGreaterThanOrEqualTo(1);
        } finally {
            dlq.stop();
        }
    }

    @Test
    void theRulesApiRefusesCriticalDaysNotBelowWarningDaysNamingTheField() {
        given().auth().oauth2(OidcResource.tokenFor("dave", "admin")).contentType("application/json")
                .body("{\"name\": \"certs-" + domain + "\", \"type\": \"domain\", \"warning-days\": 10, "
                        + "\"critical-days\": 10}")
                .when().post("/api/rules").then().statusCode(400).body("field", equalTo("critical-days"));
    }

    /** A TLS finding about this test's endpoint, shaped as the domain-service sends it. */
    private DomainFinding cert(int second, FindingStatus status, String code, int daysLeft) {
        String message = code.equals("hostname_mismatch")
                ? "hostname mismatch: certificate covers [other.example] not " + domain
                : "certificate CN=" + domain + " expires in " + daysLeft + " days (2026-12-07T10:00:00Z)";
        return DomainFinding.of(SOURCE, domain, "tls", endpoint, t0.plusSeconds(second), status, code, message,
                Map.of("domain", domain, "kind", "tls", "subject", endpoint, "team", "web"),
                Map.of("days_left", String.valueOf(daysLeft), "leaf_days_left", String.valueOf(daysLeft),
                        "not_after", "2026-12-07T10:00:00Z", "expiring", "CN=" + domain,
                        "problems", code.equals("hostname_mismatch") ? code : "", "protocol", "TLSv1.3",
                        "issuer", "CN=Test CA"));
    }

    private RecordMetadata send(DomainFinding finding) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.DOMAIN_FINDINGS, finding.domain(), Json.write(finding)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + Topics.DOMAIN_FINDINGS, e);
        }
    }

    /** Waits for {@code n} notifications of this test's domain and checks there are exactly {@code n}. */
    private List<Notification> awaitNotifications(int n) {
        await().atMost(WAIT).until(() -> mine(notifications.getRecords(), Notification.class).size() >= n);
        List<Notification> seen = mine(notifications.getRecords(), Notification.class);
        assertThat(seen).hasSize(n);
        return seen;
    }

    private <T> List<T> mine(List<ConsumerRecord<String, String>> records, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().contains("\"domain\":\"" + domain + "\"")) {
                out.add(Json.read(r.value(), type));
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static double findingsWithOutcome(String outcome) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^vigil_domain_findings_total\\{outcome=\"" + outcome + "\"} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long storedNextOffset(int partition) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT next_offset FROM alert.partition_state WHERE topic = 'domain-findings' AND partition = ?")) {
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
}
