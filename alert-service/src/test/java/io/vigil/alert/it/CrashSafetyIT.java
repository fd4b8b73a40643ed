package io.vigil.alert.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.pipeline.AlertPipeline;
import io.vigil.alert.pipeline.IncomingRecord;
import io.vigil.alert.pipeline.Partitions;
import io.vigil.alert.service.Housekeeping;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
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
 * What keeps the alert-service from losing or inventing transitions, on the real broker and
 * PostgreSQL: offsets stored with the transitions, the outbox, the sample age limit, removed
 * rules, and retention.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class CrashSafetyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");

    @Inject
    @Identifier(Topics.METRICS)
    AlertPipeline pipeline;
    @Inject
    @Identifier(Topics.METRICS)
    Partitions partitions;
    @Inject
    Housekeeping housekeeping;

    private final String host = "host-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
    private ConsumerTask<String, String> notifications;

    @BeforeEach
    void listen() {
        notifications = KafkaResource.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
    }

    @AfterEach
    void stopListening() {
        notifications.stop();
    }

    @Test
    void aReplayedRecordBelowTheStoredOffsetDoesNotReopenAResolvedIncident() throws Exception {
        RecordMetadata breach = send(batch(0, 0.95));
        awaitNotifications(1);
        send(batch(10, 0.4));
        assertThat(awaitNotifications(2)).extracting(Notification::kind)
                .containsExactly(NotificationKind.FIRING, NotificationKind.RESOLVED);
        await().atMost(WAIT).until(() -> storedNextOffset(breach.partition()) > breach.offset() + 1);

        // The same record again, as after a crash before Kafka saw the commit.
        String value = Json.write(batch(0, 0.95));
        pipeline.process(List.of(new IncomingRecord(Topics.METRICS, breach.partition(), breach.offset(), host, value)))
                .await().atMost(WAIT);

        // A later sample on the same partition: once it is stored, everything before it was handled.
        RecordMetadata sentinel = send(batch(20, 0.3));
        await().atMost(WAIT).until(() -> storedNextOffset(sentinel.partition()) > sentinel.offset());
        assertThat(batchesWithOutcome("replayed")).isGreaterThanOrEqualTo(1);
        assertThat(mine()).hasSize(2);
        assertThat(alertsOfHost()).isEqualTo(1);
    }

    @Test
    void samplesOlderThanTheMaximumAgeAreCountedAndSkipped() throws Exception {
        double before = batchesWithOutcome("too_old");
        MetricBatch old = MetricBatch.of(SOURCE, host, Instant.now().minus(Duration.ofDays(7)),
                List.of(MetricSample.of("test_cpu_ratio", 0.99)));
        send(old);
        // A later record on the same partition: once its offset is stored, the old one was handled.
        RecordMetadata sentinel = send(batch(0, 0.3));

        await().atMost(WAIT).until(() -> storedNextOffset(sentinel.partition()) > sentinel.offset());
        assertThat(batchesWithOutcome("too_old")).isGreaterThanOrEqualTo(before + 1);
        assertThat(alertsOfHost()).as("alerts stored for the old sample").isZero();
    }

    @Test
    void anOpenAlertOfARemovedRuleResolvesWithTheReasonInItsHistory() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO alert.alerts (id, fingerprint, rule, state, severity, labels, value, summary, starts_at,
                    fired_at, updated_at, sequence, source_partition, notified_state, notified_severity)
                VALUES (?, ?, 'retired-rule', 'FIRING', 'WARNING', ?::jsonb, 0.9, 'retired on host', now(), now(), now(), 1, 0,
                    'FIRING', 'WARNING')""")) {
            s.setObject(1, id);
            s.setString(2, "fp-" + id);
            s.setString(3, "{\"host\":\"" + host + "\"}");
            s.executeUpdate();
        }
        // As after a rebalance during which another instance claimed the partition: the state held
        // here is stale, so the next record claims it again and loads its open alerts from the store.
        partitions.revoked(List.of(0));
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE alert.partition_state SET epoch = epoch + 1, owner = 'another-instance' WHERE topic = 'metrics' AND partition = 0")) {
            s.executeUpdate();
        }
        partitions.assigned(List.of(0));

        send(batch(0, 0.3));

        Notification resolved = awaitNotifications(1).get(0);
        assertThat(resolved.kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(id);
        assertThat(resolved.sequence()).isEqualTo(2);
        assertThat(resolved.summary()).contains("retired-rule").contains("no longer configured");
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT a.state, e.reason FROM alert.alerts a JOIN alert.alert_events e ON e.alert_id = a.id WHERE a.id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("RESOLVED");
                assertThat(rs.getString(2)).contains("retired-rule");
            }
        }
    }

    @Test
    void aSeriesThatMovedToAnotherPartitionSupersedesItsOpenAlertInsteadOfStallingTheStore() throws Exception {
        UUID old = UUID.randomUUID();
        String fingerprint = io.vigil.alert.rule.Fingerprint.of("test-cpu", Map.of("host", host));
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO alert.alerts (id, fingerprint, rule, state, severity, labels, value, summary, starts_at,
                    fired_at, updated_at, sequence, source_partition)
                VALUES (?, ?, 'test-cpu', 'FIRING', 'CRITICAL', ?::jsonb, 0.95, 'old', now(), now(), now(), 1, 7)""")) {
            s.setObject(1, old);
            s.setString(2, fingerprint);
            s.setString(3, "{\"host\":\"" + host + "\"}");
            s.executeUpdate();
        }

        send(batch(0, 0.95));

        Notification firing = awaitNotifications(1).get(0);
        assertThat(firing.kind()).isEqualTo(NotificationKind.FIRING);
        assertThat(firing.alertId()).isNotEqualTo(old);
        assertThat(count("SELECT count(*) FROM alert.alerts WHERE id = '" + old + "' AND state = 'RESOLVED'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM alert.alert_events WHERE alert_id = '" + old
                + "' AND reason LIKE 'superseded%'")).isEqualTo(1);
    }

    @Test
    void retentionDeletesOldResolvedAlertsWithTheirHistoryAndKeepsTheRest() throws Exception {
        UUID old = insertResolved(Instant.now().minus(Duration.ofDays(120)));
        UUID recent = insertResolved(Instant.now().minus(Duration.ofDays(2)));

        int deleted = housekeeping.deleteExpired().await().atMost(WAIT);

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM alert.alerts WHERE id = '" + old + "'")).isZero();
        assertThat(count("SELECT count(*) FROM alert.alert_events WHERE alert_id = '" + old + "'")).isZero();
        assertThat(count("SELECT count(*) FROM alert.alerts WHERE id = '" + recent + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM alert.alert_events WHERE alert_id = '" + recent + "'")).isEqualTo(1);
    }

    @Test
    void theOutboxIsEmptiedOnceKafkaHasTheRecords() throws Exception {
        send(batch(0, 0.95));
        awaitNotifications(1);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM alert.outbox") == 0);
    }

    private UUID insertResolved(Instant resolvedAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = PostgresResource.connect()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO alert.alerts (id, fingerprint, rule, state, severity, labels, value, summary, starts_at,
                        fired_at, resolved_at, updated_at, sequence)
                    VALUES (?, ?, 'test-cpu', 'RESOLVED', 'WARNING', '{}'::jsonb, 0.1, 's', ?, ?, ?, ?, 2)""")) {
                Timestamp t = Timestamp.from(resolvedAt);
                s.setObject(1, id);
                s.setString(2, "fp-" + id);
                s.setTimestamp(3, t);
                s.setTimestamp(4, t);
                s.setTimestamp(5, t);
                s.setTimestamp(6, t);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO alert.alert_events (id, alert_id, sequence, to_state, severity, value, occurred_at)
                    VALUES (?, ?, 1, 'RESOLVED', 'WARNING', 0.1, now())""")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, id);
                s.executeUpdate();
            }
        }
        return id;
    }

    private MetricBatch batch(int second, double cpu) {
        return MetricBatch.of(SOURCE, host, t0.plusSeconds(second), List.of(MetricSample.of("test_cpu_ratio", cpu)));
    }

    private RecordMetadata send(MetricBatch batch) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.METRICS, batch.host(), Json.write(batch)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + Topics.METRICS, e);
        }
    }

    private List<Notification> awaitNotifications(int n) {
        await().atMost(WAIT).until(() -> mine().size() >= n);
        List<Notification> seen = mine();
        assertThat(seen).hasSize(n);
        return seen;
    }

    private List<Notification> mine() {
        return notifications.getRecords().stream().map(ConsumerRecord::value)
                .filter(v -> v.contains("\"host\":\"" + host + "\""))
                .map(v -> Json.read(v, Notification.class)).toList();
    }

    private int alertsOfHost() throws Exception {
        return count("SELECT count(*) FROM alert.alerts WHERE labels->>'host' = '" + host + "'");
    }

    private static long storedNextOffset(int partition) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT next_offset FROM alert.partition_state WHERE topic = 'metrics' AND partition = ?")) {
            s.setInt(1, partition);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static int count(String sql) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static double batchesWithOutcome(String outcome) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^vigil_metric_batches_total\\{outcome=\"" + outcome + "\"} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
