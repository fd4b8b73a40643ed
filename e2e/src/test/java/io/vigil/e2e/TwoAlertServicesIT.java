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
import io.vigil.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged alert-service instances in one consumer group on a four-partition {@code metrics}
 * topic: a second instance joins while incidents come and go on twenty hosts, then the first one
 * leaves. Every incident must fire and resolve exactly once, under one alert id.
 */
class TwoAlertServicesIT {

    private static final int HOSTS = 20;
    private static final int ROUNDS = 24;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-two");

    @TempDir
    static Path dir;

    private static AlertServiceStack stack;
    private static ServiceProcess first;
    private static ServiceProcess second;

    @BeforeAll
    static void start() throws Exception {
        stack = AlertServiceStack.start(dir, """
                rules:
                  - name: flip
                    metric: e2e_flip
                    warning: {above: 0.5}
                """, 4, false);
        first = stack.startAlertService(dir.resolve("first"));
        first.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRebalanceBetweenTwoInstancesNeitherDuplicatesNorMissesATransition() throws Exception {
        ConsumerTask<String, String> alerts = stack.companion().consumeStrings().fromTopics(Topics.ALERTS);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<String, String> producer = AlertStreams.producer(stack.kafka().bootstrapServers())) {
            // Round ROUNDS is a sentinel: one more breach per host. Once every host's sentinel is out,
            // anything the rounds before produced for that host (same partition) is out too.
            for (int round = 0; round <= ROUNDS; round++) {
                // Even rounds breach, odd rounds recover: one incident per host per two rounds.
                for (int h = 0; h < HOSTS; h++) {
                    String host = "two-" + h;
                    MetricBatch b = MetricBatch.of(SOURCE, host, t0.plusSeconds(round),
                            List.of(MetricSample.of("e2e_flip", round % 2 == 0 ? 1 : 0)));
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.METRICS, host,
                            Json.write(b)));
                }
                producer.flush();
                if (round == 4) {
                    second = stack.startAlertService(dir.resolve("second"));
                }
                if (round == 12) {
                    second.awaitReady(Duration.ofSeconds(90));
                }
                if (round == 16) {
                    first.close(); // leaves the group: the second instance takes every partition
                }
                awaitRound(alerts, round);
            }
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nfirst:\n" + first.tail() + "\nsecond:\n"
                    + (second == null ? "" : second.tail()), e);
        }

        // Both instances held partitions: the first gave some up when the second joined, then all when it left.
        assertThat(first.log()).containsPattern("metrics partitions revoked \\[\\d");
        assertThat(second.log()).containsPattern("metrics partitions assigned \\[\\d")
                .contains("metrics partitions assigned [0, 1, 2, 3]");
        Instant sentinelAt = t0.plusSeconds(ROUNDS);
        await("every host's sentinel").atMost(WAIT).until(() -> AlertStreams.distinctAlertEvents(alerts.getRecords())
                .values().stream().filter(e -> e.occurredAt().equals(sentinelAt)).count() >= HOSTS);
        Map<UUID, AlertEvent> events = AlertStreams.distinctAlertEvents(alerts.getRecords());
        events.values().removeIf(e -> e.occurredAt().equals(sentinelAt));
        Map<String, List<AlertEvent>> byHost = events.values().stream()
                .collect(Collectors.groupingBy(e -> e.labels().get("host")));
        assertThat(byHost).hasSize(HOSTS);
        byHost.forEach((host, list) -> {
            Map<UUID, List<AlertEvent>> incidents = list.stream().collect(Collectors.groupingBy(AlertEvent::alertId));
            assertThat(incidents).as("incidents of " + host).hasSize(ROUNDS / 2);
            incidents.values().forEach(incident -> assertThat(incident)
                    .extracting(AlertEvent::sequence, AlertEvent::state)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, AlertState.FIRING),
                            org.assertj.core.groups.Tuple.tuple(2L, AlertState.RESOLVED)));
        });
        alerts.stop();
    }

    /** Waits until every host's transition of this round is out, so that rounds do not overtake each other. */
    private static void awaitRound(ConsumerTask<String, String> alerts, int round) {
        long expected = (long) HOSTS * (round + 1);
        await("transitions of round " + round).atMost(WAIT)
                .until(() -> AlertStreams.distinctAlertEvents(alerts.getRecords()).size() >= expected);
    }
}
