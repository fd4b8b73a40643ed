package io.vigil.collector.service;

import static io.restassured.RestAssured.given;
import static io.vigil.collector.sampling.MetricNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole service against a real Kafka broker (KRaft, in process): the Vigil file from
 * {@code src/test/resources/vigil-test.yaml} sets a 1s interval and host {@code test-host-1}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
class CollectorPublishesMetricsTest {

    private static final String HOST = "test-host-1";

    @Test
    void publishesOneBatchPerTickKeyedByHost() {
        ConsumerTask<String, String> records = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.METRICS, 2, Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> received = records.awaitCompletion(Duration.ofSeconds(30)).getRecords();

        assertThat(received).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo(HOST));
        MetricBatch first = Json.read(received.get(0).value(), MetricBatch.class);
        MetricBatch second = Json.read(received.get(1).value(), MetricBatch.class);

        assertThat(first.host()).isEqualTo(HOST);
        assertThat(first.source().service()).isEqualTo("collector-service");
        assertThat(first.source().host()).isEqualTo(HOST);
        assertThat(first.schemaVersion()).isEqualTo(MetricBatch.SCHEMA_VERSION);
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        // Ticks are one interval apart (the test file says 1s), with room for a loaded machine.
        assertThat(Duration.between(first.occurredAt(), second.occurredAt()))
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(2_500));
        assertThat(second.samples()).extracting(MetricSample::name).contains(
                CPU_USAGE_RATIO, LOAD1, MEMORY_TOTAL_BYTES, MEMORY_AVAILABLE_BYTES, MEMORY_USED_RATIO,
                FILESYSTEM_USED_RATIO, DISK_READ_BYTES_PER_SECOND, NETWORK_RECEIVE_BYTES_PER_SECOND,
                PROCESSES, UPTIME_SECONDS);
        assertThat(second.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo(FILESYSTEM_USED_RATIO);
            assertThat(s.labels()).containsEntry(MOUNT, "/");
        });
    }

    @Test
    void metricsEndpointShowsHostGaugesSnapshotTimerAndBatchCounter() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            // Only our lines, so that a failure message stays readable.
            List<String> ours = body.lines().filter(l -> l.startsWith("host_") || l.startsWith("vigil_")).toList();

            assertThat(ours).anyMatch(l -> l.matches("host_memory_total_bytes [1-9][0-9.E]*"));
            assertThat(ours).anyMatch(l -> l.startsWith("host_cpu_core_usage_ratio{cpu=\"0\""));
            assertThat(ours).anyMatch(l -> l.startsWith("host_filesystem_used_ratio{") && l.contains("mount=\"/\""));
            assertThat(ours).anyMatch(l -> l.matches("vigil_collector_snapshot_seconds_count [1-9][0-9.E]*"));
            // Prometheus 0.0.4 text ends a label set with ",}", OpenMetrics with "}": accept both.
            assertThat(ours).anyMatch(l -> l.matches("vigil_collector_batches_total\\{outcome=\"sent\",?} [1-9][0-9.E]*"));
            assertThat(ours).anyMatch(l -> l.matches("vigil_collector_batches_total\\{outcome=\"failed\",?} 0\\.0"));
        });
    }

    @Test
    void healthIsUpIncludingTheCollectorCheck() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("collector")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
