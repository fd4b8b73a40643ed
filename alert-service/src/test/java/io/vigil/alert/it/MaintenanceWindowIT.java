package io.vigil.alert.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A weekly maintenance window from the config file (Wednesdays 03:00–04:00, Europe/Berlin, hosts
 * {@code maint-*}) on the real broker and PostgreSQL. The test moves the service's clock into and
 * out of the window instead of waiting for a Wednesday night.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class MaintenanceWindowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    TestClock clock;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String host = "maint-" + suffix;
    private final String sentinelHost = "outside-" + suffix;
    private ConsumerTask<String, String> notifications;

    @BeforeEach
    void listen() {
        notifications = KafkaResource.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
    }

    @AfterEach
    void stop() {
        clock.reset();
        notifications.stop();
    }

    @Test
    void aWeeklyWindowMutesItsHostsAtItsTimesAndLetsTheNextChangeThroughAfterwards() throws Exception {
        ZonedDateTime wednesday = ZonedDateTime.now(BERLIN).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
        Instant inside = wednesday.with(LocalTime.of(3, 30)).toInstant();
        Instant after = wednesday.with(LocalTime.of(4, 30)).toInstant();

        // Given the clock inside the window, when a maint-* host breaches
        clock.moveTo(inside);
        send(host, clock.instant(), 0.95);
        await().atMost(WAIT).until(() -> firingAlerts(host) == 1);
        // and another host, outside the window's matchers, breaches after it
        send(sentinelHost, clock.instant(), 0.95);
        await().atMost(WAIT).until(() -> !about(sentinelHost).isEmpty());

        // Then the maint-* host's breach is recorded, with the reason, but nobody is told
        assertThat(about(host)).as("notifications about " + host).isEmpty();
        assertThat(mutedReason(host)).contains("maintenance window wednesday-patching");

        // Given the clock past the window, the recovery of what nobody was told is not told either;
        // the next breach is
        clock.moveTo(after);
        send(host, clock.instant(), 0.3);
        await().atMost(WAIT).until(() -> firingAlerts(host) == 0);
        send(host, clock.instant().plusSeconds(1), 0.95);
        await().atMost(WAIT).until(() -> !about(host).isEmpty());
        // Exactly one: checked once a later change (the sentinel host's recovery) has been told too.
        send(sentinelHost, clock.instant().plusSeconds(2), 0.3);
        await().atMost(WAIT).until(() -> about(sentinelHost).stream()
                .anyMatch(n -> n.kind() == NotificationKind.RESOLVED));
        assertThat(about(host)).singleElement().extracting(Notification::kind).isEqualTo(NotificationKind.FIRING);
    }

    private void send(String h, Instant at, double cpu) throws Exception {
        MetricBatch batch = MetricBatch.of(SOURCE, h, at, List.of(MetricSample.of("test_cpu_ratio", cpu)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.METRICS, h, Json.write(batch))).get(WAIT.toSeconds(),
                    TimeUnit.SECONDS);
        }
    }

    private List<Notification> about(String h) {
        List<Notification> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : notifications.getRecords()) {
            if (r.value().contains("\"host\":\"" + h + "\"")) {
                out.add(Json.read(r.value(), Notification.class));
            }
        }
        return out;
    }

    private static int firingAlerts(String h) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM alert.alerts WHERE labels->>'host' = ? AND state = 'FIRING'")) {
            s.setString(1, h);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String mutedReason(String h) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT muted_reason FROM alert.alerts WHERE labels->>'host' = ? ORDER BY starts_at LIMIT 1")) {
            s.setString(1, h);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
