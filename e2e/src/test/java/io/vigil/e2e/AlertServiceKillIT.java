package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged alert-service is SIGKILLed again and again while a burst of 200 transitions goes
 * through it, and restarted each time. Every transition must reach {@code alerts} and every
 * notification {@code notifications}; nothing may re-open; duplicates only with identical ids.
 */
class AlertServiceKillIT {

    private static final int HOSTS = 100;
    private static final int CYCLES = 4;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-kill");

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static KafkaCompanion companion;
    private static Map<String, String> env;
    private static String database;
    private static ServiceProcess alertService;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        companion = new KafkaCompanion(kafka.bootstrapServers());
        postgres = EmbeddedPostgresServer.start();
        database = postgres.createDatabase("vigil");
        Path config = Files.writeString(dir.resolve("vigil.yaml"), """
                rules:
                  - name: burst
                    metric: e2e_burst
                    warning: {above: 0.5}
                    summary: "burst on {host}"
                """);
        env = AlertServiceEnv.of(kafka.bootstrapServers(), postgres.datasourceEnvironment(database), config);
        alertService = ServiceProcess.start("alert-service", env, dir);
        alertService.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {alertService, companion, postgres, kafka}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void sigkillDuringABurstLosesNoTransitionAndReopensNothing() throws Exception {
        ConsumerTask<String, String> alerts = companion.consumeStrings().fromTopics(Topics.ALERTS);
        ConsumerTask<String, String> notifications = companion.consumeStrings().fromTopics(Topics.NOTIFICATIONS);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 100 hosts breach, then the same 100 recover: 200 transitions, sent in four slices.
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        for (int phase = 0; phase < 2; phase++) {
            for (int h = 0; h < HOSTS; h++) {
                String host = "kill-" + h;
                MetricBatch b = MetricBatch.of(SOURCE, host, t0.plusSeconds(phase * 10L),
                        List.of(MetricSample.of("e2e_burst", phase == 0 ? 1 : 0)));
                burst.add(new ProducerRecord<>(Topics.METRICS, host, Json.write(b)));
            }
        }
        int slice = burst.size() / CYCLES;
        int kills = 0;
        try (KafkaProducer<String, String> producer = AlertStreams.producer(kafka.bootstrapServers())) {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                List<ProducerRecord<String, String>> part = burst.subList(cycle * slice, (cycle + 1) * slice);
                // Paced a little, so that the kill lands somewhere inside the slice's processing.
                Thread sender = new Thread(() -> part.forEach(r -> {
                    producer.send(r);
                    pause(4);
                }), "burst-sender");
                sender.start();
                if (cycle < CYCLES - 1) {
                    pause(ThreadLocalRandom.current().nextInt(50, 400));
                    alertService.kill();
                    kills++;
                    sender.join(30_000);
                    producer.flush();
                    alertService = ServiceProcess.start("alert-service", env, dir);
                    alertService.awaitReady(Duration.ofSeconds(90));
                } else {
                    sender.join(30_000);
                    producer.flush();
                }
            }
        }
        assertThat(kills).isEqualTo(CYCLES - 1);

        try {
            await("200 transitions on alerts").atMost(WAIT)
                    .until(() -> AlertStreams.distinctAlertEvents(mine(alerts)).size() >= 2 * HOSTS);
            await("200 notifications").atMost(WAIT)
                    .until(() -> AlertStreams.distinctNotifications(mine(notifications)).size() >= 2 * HOSTS);
        } catch (RuntimeException e) {
            throw new AssertionError("transitions missing; alert-service log:\n" + alertService.tail(), e);
        }

        Map<UUID, AlertEvent> events = AlertStreams.distinctAlertEvents(mine(alerts));
        Map<String, List<AlertEvent>> byHost = events.values().stream()
                .collect(Collectors.groupingBy(e -> e.labels().get("host")));
        assertThat(byHost).hasSize(HOSTS);
        byHost.forEach((host, list) -> {
            assertThat(list.stream().map(AlertEvent::alertId).distinct()).as("alert ids of " + host).hasSize(1);
            assertThat(list).as("transitions of " + host).extracting(AlertEvent::sequence, AlertEvent::state)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, AlertState.FIRING),
                            org.assertj.core.groups.Tuple.tuple(2L, AlertState.RESOLVED));
        });
        Map<UUID, Notification> sent = AlertStreams.distinctNotifications(mine(notifications));
        assertThat(sent.values().stream().filter(n -> n.kind() == NotificationKind.FIRING)).hasSize(HOSTS);
        assertThat(sent.values().stream().filter(n -> n.kind() == NotificationKind.RESOLVED)).hasSize(HOSTS);
        Set<UUID> expectedIds = new java.util.HashSet<>();
        byHost.values().forEach(list -> {
            UUID alertId = list.get(0).alertId();
            expectedIds.add(Notification.idFor(alertId, 1));
            expectedIds.add(Notification.idFor(alertId, 2));
        });
        assertThat(sent.keySet()).isEqualTo(expectedIds);

        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE state = 'RESOLVED') "
                        + "FROM alert.alerts WHERE rule = 'burst'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("one incident per host, none re-opened").isEqualTo(HOSTS);
            assertThat(rs.getInt(2)).isEqualTo(HOSTS);
        }
        alerts.stop();
        notifications.stop();
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> mine(
            ConsumerTask<String, String> task) {
        return task.getRecords().stream().filter(r -> r.key() != null).toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // pacing of a sender, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
