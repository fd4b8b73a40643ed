package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away for 30 s while samples keep flowing into the packaged alert-service: it
 * must wait (readiness DOWN, liveness UP, nothing dead-lettered, no crash) and, once PostgreSQL is
 * back, fire what should fire, once.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-outage");

    @TempDir
    static Path dir;

    private static AlertServiceStack stack;
    private static ServiceProcess alertService;

    @BeforeAll
    static void start() throws Exception {
        stack = AlertServiceStack.start(dir, """
                rules:
                  - name: outage-check
                    metric: e2e_value
                    critical: {above: 0.5}
                    summary: "value on {host} at {value}"
                """, 1, true);
        stack.env().put("ALERT_MAX_BACKOFF", "2s");
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
    void anOutageOfPostgresPausesAlertingAndItCatchesUpOnceWithoutLosingOrDeadLettering() throws Exception {
        ConsumerTask<String, String> notifications = stack.companion().consumeStrings().fromTopics(Topics.NOTIFICATIONS);
        ConsumerTask<String, String> dlq = stack.companion().consumeStrings().fromTopics(Topics.METRICS_DLQ);
        String calm = "calm-" + UUID.randomUUID().toString().substring(0, 8);
        String breaching = "breach-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean flowing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        try (KafkaProducer<String, String> producer = AlertStreams.producer(stack.kafka().bootstrapServers())) {
            Thread samples = new Thread(() -> {
                while (flowing.get()) {
                    send(producer, calm, 0.1);
                    sent.incrementAndGet();
                    pause(200);
                }
            }, "calm-samples");
            samples.start();
            try {
                await().atMost(WAIT).until(() -> sent.get() > 5);
                stack.postgres().stop();
                Instant down = Instant.now();

                send(producer, breaching, 0.9);
                // The pipeline notices on its next batch and waits: not ready, still alive.
                await("readiness DOWN").atMost(WAIT).until(() -> status("/q/health/ready") == 503);
                assertThat(status("/q/health/live")).isEqualTo(200);

                await("the outage lasts " + OUTAGE.toSeconds() + " s").atMost(OUTAGE.plusSeconds(10))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
                assertThat(alertService.isAlive()).as("alert-service still running").isTrue();
                assertThat(status("/q/health/live")).isEqualTo(200);
                assertThat(status("/q/health/ready")).isEqualTo(503);
                assertThat(firingFor(notifications, breaching)).as("nothing fires while nothing can be stored").isZero();

                stack.postgres().restart();
                await("readiness UP again").atMost(WAIT).until(() -> status("/q/health/ready") == 200);
                await("the breach fires").atMost(WAIT).until(() -> firingFor(notifications, breaching) >= 1);

                // A later breach on the same path: once it is out, the first would have been posted twice if at all.
                String sentinel = "sentinel-" + UUID.randomUUID().toString().substring(0, 8);
                send(producer, sentinel, 0.9);
                await("sentinel fires").atMost(WAIT).until(() -> firingFor(notifications, sentinel) >= 1);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nalert-service log:\n" + alertService.tail(), e);
            } finally {
                flowing.set(false);
                samples.join(10_000);
            }
        }
        assertThat(firingFor(notifications, breaching)).isEqualTo(1);
        assertThat(dlq.getRecords()).as("nothing dead-lettered").isEmpty();
        notifications.stop();
        dlq.stop();
    }

    private static void send(KafkaProducer<String, String> producer, String host, double value) {
        MetricBatch b = MetricBatch.of(SOURCE, host, Instant.now(), List.of(MetricSample.of("e2e_value", value)));
        AlertStreams.send(producer, Topics.METRICS, host, Json.write(b));
    }

    private static long firingFor(ConsumerTask<String, String> notifications, String host) {
        return notifications.getRecords().stream().map(r -> Json.read(r.value(), Notification.class))
                .filter(n -> host.equals(n.host()) && n.kind() == NotificationKind.FIRING).count();
    }

    private static int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(alertService.url(path)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // pacing of the sample stream, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
