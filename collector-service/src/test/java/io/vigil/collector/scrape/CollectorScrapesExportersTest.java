package io.vigil.collector.scrape;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged wiring: the {@code scrape:} section of the Vigil file read at start, the exporter
 * scraped every second, and its batches on the real {@code metrics} topic next to the host's,
 * keyed by the exporter's instance.
 */
@QuarkusTest
@TestProfile(CollectorScrapesExportersTest.WithExporter.class)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
class CollectorScrapesExportersTest {

    private ConsumerTask<String, String> metrics;

    @BeforeEach
    void listen() {
        metrics = KafkaResource.companion().consumeStrings().fromTopics(Topics.METRICS);
    }

    @AfterEach
    void stopListening() {
        metrics.stop();
    }

    @Test
    void theExportersSamplesArriveOnTheMetricsTopicKeyedByInstance() {
        String instance = ExporterResource.exporter.instance();

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30))
                .until(() -> metrics.getRecords().stream().filter(r -> instance.equals(r.key())).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();

        MetricBatch batch = Json.read(record.value(), MetricBatch.class);
        Map<String, String> labels = Map.of("job", "app", "instance", instance, "role", "web");
        assertThat(batch.host()).isEqualTo(instance);
        assertThat(batch.source().host()).isEqualTo("test-host-1");
        assertThat(batch.samples()).contains(new MetricSample("app_queue_depth", labels, 7),
                new MetricSample("up", labels, 1));
        assertThat(batch.samples()).extracting(MetricSample::name).doesNotContain("go_goroutines");
        // The host's own batches keep flowing under the host id.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> metrics.getRecords().stream().anyMatch(r -> "test-host-1".equals(r.key())));
    }

    @Test
    void metricsEndpointCountsScrapesByTargetAndOutcome() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ours = given().when().get("/q/metrics").then().statusCode(200).extract().asString()
                    .lines().filter(l -> l.startsWith("vigil_scrape")).toList();

            assertThat(ours).anyMatch(l -> l.matches(
                    "vigil_scrapes_total\\{outcome=\"success\",target=\"app\",?} [1-9][0-9.E]*"));
            assertThat(ours).anyMatch(l -> l.matches(
                    "vigil_scrape_duration_seconds_count\\{target=\"app\",?} [1-9][0-9.E]*"));
        });
    }

    /** The Vigil file with a {@code scrape:} section, and the exporter it points at. */
    public static class WithExporter implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.config-file", "src/test/resources/vigil-scrape-test.yaml");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ExporterResource.class));
        }
    }

    /** Starts the exporter before the application and hands its URL to the file's {@code ${SCRAPE_TARGET_URL}}. */
    public static class ExporterResource implements QuarkusTestResourceLifecycleManager {

        static volatile ExporterFake exporter;

        @Override
        public Map<String, String> start() {
            try {
                exporter = new ExporterFake();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            exporter.serve("/metrics", ExporterFake.Page.ok("""
                    # HELP app_queue_depth Jobs waiting.
                    app_queue_depth 7
                    go_goroutines 12
                    """));
            return Map.of("SCRAPE_TARGET_URL", exporter.url("/metrics").toString());
        }

        @Override
        public void stop() {
            if (exporter != null) {
                exporter.close();
                exporter = null;
            }
        }
    }
}
