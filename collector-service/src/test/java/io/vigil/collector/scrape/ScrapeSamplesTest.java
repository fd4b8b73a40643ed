package io.vigil.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ScrapeConfig;
import io.vigil.events.MetricSample;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How one scrape becomes a batch's samples: Prometheus' labels, keep/drop, and the synthetic series. */
class ScrapeSamplesTest {

    private static final ScrapeConfig NODE = new ScrapeConfig("node", URI.create("http://10.0.0.5:9100/metrics"),
            Duration.ofSeconds(15), Duration.ofSeconds(5), Map.of("role", "web"), List.of(),
            List.of(Pattern.compile("go_.*")), null, null, 0);
    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "10.0.0.5:9100",
            "role", "web");

    @Test
    void everySampleCarriesJobInstanceAndTheTargetsLabels() {
        List<MetricSample> samples = new ScrapeSamples(NODE).of(ScrapeResult.ok(List.of(
                sample("node_load1", Map.of(), 0.5),
                sample("node_filesystem_avail_bytes", Map.of("mountpoint", "/"), 1e9)), 0.02));

        assertThat(samples).contains(
                new MetricSample("node_load1", TARGET, 0.5),
                new MetricSample("node_filesystem_avail_bytes", with(TARGET, "mountpoint", "/"), 1e9));
    }

    @Test
    void theExportersOwnJobAndInstanceBecomeExportedLabels() {
        List<MetricSample> samples = new ScrapeSamples(NODE).of(ScrapeResult.ok(List.of(
                sample("pushed_total", Map.of("job", "batch", "instance", "worker-3", "role", "db"), 4)), 0.01));

        assertThat(samples.get(0).labels()).isEqualTo(Map.of("job", "node", "instance", "10.0.0.5:9100",
                "role", "web", "exported_job", "batch", "exported_instance", "worker-3", "exported_role", "db"));
    }

    @Test
    void droppedNamesAndCreatedSeriesAreLeftOutButNaNIsKept() {
        List<MetricSample> samples = new ScrapeSamples(NODE).of(ScrapeResult.ok(List.of(
                sample("go_goroutines", Map.of(), 12),
                sample("http_requests_created", Map.of(), 1.7e9),
                sample("app_ratio", Map.of(), Double.NaN),
                sample("app_queue_depth", Map.of(), 7)), 0.01));

        assertThat(samples).extracting(MetricSample::name).containsExactly("app_ratio", "app_queue_depth",
                "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling");
        assertThat(samples.get(0).value()).isNaN();
        assertThat(value(samples, "scrape_samples_scraped")).isEqualTo(4);
        assertThat(value(samples, "scrape_samples_post_metric_relabeling")).isEqualTo(2);
    }

    @Test
    void aSuccessfulScrapeIsUpWithItsDurationAndNoError() {
        List<MetricSample> samples = new ScrapeSamples(NODE).of(ScrapeResult.ok(List.of(), 0.25));

        assertThat(samples).contains(new MetricSample("up", TARGET, 1),
                new MetricSample("scrape_duration_seconds", TARGET, 0.25),
                new MetricSample("scrape_samples_scraped", TARGET, 0));
        assertThat(samples).extracting(MetricSample::name).doesNotContain("scrape_error");
    }

    @Test
    void aFailedScrapeIsDownWithTheReasonAsALabel() {
        List<MetricSample> samples = new ScrapeSamples(NODE).of(ScrapeResult.failed("http_503", "HTTP 503", 0.01));

        assertThat(samples).extracting(MetricSample::name).containsExactly("up", "scrape_duration_seconds",
                "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_error");
        assertThat(samples).contains(new MetricSample("up", TARGET, 0),
                new MetricSample("scrape_error", with(TARGET, "reason", "http_503"), 1));
    }

    @Test
    void keepListsOnlyWhatItNamesAndDropStillWins() {
        ScrapeConfig target = new ScrapeConfig("app", URI.create("http://127.0.0.1:8080/metrics"), null, null, null,
                List.of(Pattern.compile("app_.*")), List.of(Pattern.compile("app_debug_.*")), null, null, 0);

        List<MetricSample> samples = new ScrapeSamples(target).of(ScrapeResult.ok(List.of(
                sample("app_requests_total", Map.of(), 3), sample("app_debug_allocs", Map.of(), 1),
                sample("process_cpu_seconds_total", Map.of(), 2)), 0.01));

        assertThat(samples).extracting(MetricSample::name).startsWith("app_requests_total", "up")
                .doesNotContain("app_debug_allocs", "process_cpu_seconds_total");
    }

    private static ParsedSample sample(String name, Map<String, String> labels, double value) {
        return new ParsedSample(name, labels, value, ParsedSample.NO_TIMESTAMP);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        var m = new java.util.HashMap<>(labels);
        m.put(name, value);
        return m;
    }

    private static double value(List<MetricSample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }
}
