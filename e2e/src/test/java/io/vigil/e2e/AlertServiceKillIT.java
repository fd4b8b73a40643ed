package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedPostgresServer;
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

    private static AlertServiceStack stack;
    private static ServiceProcess alertService;

    @BeforeAll
    static void start() throws Exception {
        stack = AlertServiceStack.start(dir, """
                rules:
                  - name: burst
                    metric: e2e_burst
                    warning: {above: 0.5}
                    summary: "burst on {host}"
                """, 1, false);
        alertService = stack.startAlertService(dir);
        alertService.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sigkillDuringABurstLosesNoTransitionAndReopensNothing() throws Exception {
        ConsumerTask<String, String> alerts = stack.companion().consumeStrings().fromTopics(Topics.ALERTS);
        ConsumerTask<String, String> notifications = stack.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 100 hosts each breach and recover: 200 transitions, sent in four slices. A host's two
        // records are next to each other, so the window a kill leaves unacknowledged holds whole
        // incidents: applied again, they would re-open them under new ids.
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            for (int phase = 0; phase < 2; phase++) {
                String host = "kill-" + h;
                MetricBatch b = MetricBatch.of(SOURCE, host, t0.plusSeconds(phase * 10L),
                        List.of(MetricSample.of("e2e_burst", phase == 0 ? 1 : 0)));
                burst.add(new ProducerRecord<>(Topics.METRICS, host, Json.write(b)));
            }
        }
        int slice = burst.size() / CYCLES;
        int kills = 0;
        try (KafkaProducer<String, String> producer = AlertStreams.producer(stack.kafka().bootstrapServers())) {
            // The first instance is consuming (it has its partition) before the first slice goes out.
            AlertStreams.send(producer, Topics.METRICS, "warm-up", Json.write(MetricBatch.of(SOURCE, "warm-up", t0,
                    List.of(MetricSample.of("e2e_no_rule", 1)))));
            await("first batch evaluated").atMost(WAIT).until(() -> evaluatedBatches(alertService) >= 1);
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                List<ProducerRecord<String, String>> part = burst.subList(cycle * slice, (cycle + 1) * slice);
                // The restarted service is consuming again (its group membership takes a session
                // timeout to move over): everything sent before has come out, so this kill lands
                // while records are being applied, not before the consumer even started.
                long before = (long) cycle * slice;
                await("slices before " + cycle + " applied").atMost(WAIT)
                        .until(() -> AlertStreams.distinctAlertEvents(mine(alerts)).size() >= before);
                // Paced a little, so that the kill lands somewhere inside the slice's processing.
                Thread sender = new Thread(() -> part.forEach(r -> {
                    producer.send(r);
                    pause(4);
                }), "burst-sender");
                sender.start();
                if (cycle < CYCLES - 1) {
                    pause(ThreadLocalRandom.current().nextInt(20, 150));
                    alertService.kill();
                    kills++;
                    System.out.printf("AlertServiceKillIT: kill %d in slice %d, transitions out so far %d%n", kills, cycle,
                            AlertStreams.distinctAlertEvents(mine(alerts)).size());
                    sender.join(30_000);
                    producer.flush();
                    alertService = stack.startAlertService(dir);
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
            await("a recovery notification per host").atMost(WAIT)
                    .until(() -> AlertStreams.distinctNotifications(mine(notifications)).values().stream()
                            .filter(n -> n.kind() == NotificationKind.RESOLVED).count() >= HOSTS);
        } catch (RuntimeException e) {
            throw new AssertionError("transitions missing; alert-service log:\n" + alertService.tail(), e);
        }

        // A later incident on the same (one) partition: once it is out, anything a replay re-opened
        // before it would be out too.
        try (KafkaProducer<String, String> producer = AlertStreams.producer(stack.kafka().bootstrapServers())) {
            AlertStreams.send(producer, Topics.METRICS, "sentinel", Json.write(MetricBatch.of(SOURCE, "sentinel",
                    t0.plusSeconds(20), List.of(MetricSample.of("e2e_burst", 1)))));
        }
        await("sentinel fires").atMost(WAIT).until(() -> AlertStreams.distinctAlertEvents(mine(alerts)).values()
                .stream().anyMatch(e -> "sentinel".equals(e.labels().get("host"))));

        Map<UUID, AlertEvent> events = AlertStreams.distinctAlertEvents(mine(alerts));
        events.values().removeIf(e -> "sentinel".equals(e.labels().get("host")));
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
        sent.values().removeIf(n -> "sentinel".equals(n.host()));
        // Each host is its own notification group. A breach whose recovery was stored before the
        // group's first post is told once, as resolved (with how long it lasted); otherwise firing,
        // then resolved. Either way: every recovery is told exactly once, and nothing under another id.
        Set<UUID> resolvedIds = new java.util.HashSet<>();
        Set<UUID> possibleIds = new java.util.HashSet<>();
        byHost.values().forEach(list -> {
            UUID alertId = list.get(0).alertId();
            resolvedIds.add(Notification.idFor(alertId, 2));
            possibleIds.add(Notification.idFor(alertId, 1));
            possibleIds.add(Notification.idFor(alertId, 2));
        });
        assertThat(sent.values().stream().filter(n -> n.kind() == NotificationKind.RESOLVED).map(Notification::eventId))
                .containsExactlyInAnyOrderElementsOf(resolvedIds);
        assertThat(sent.values()).allMatch(n -> n.kind() == NotificationKind.FIRING
                || n.kind() == NotificationKind.RESOLVED);
        assertThat(possibleIds).containsAll(sent.keySet());

        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(stack.database()), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE state = 'RESOLVED') "
                        + "FROM alert.alerts WHERE rule = 'burst' AND labels->>'host' <> 'sentinel'")) {
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

    private static double evaluatedBatches(ServiceProcess service) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(service.url("/q/metrics"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?m)^vigil_metric_batches_total\\{outcome=\"evaluated\"} (\\S+)$").matcher(metrics);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // pacing of a sender, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
