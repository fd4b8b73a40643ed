package io.vigil.collector.scrape;

import static io.vigil.collector.scrape.ExpositionParserTest.OPENMETRICS;
import static io.vigil.collector.scrape.ExpositionParserTest.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Enumeration;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.Info;
import io.prometheus.client.Summary;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The parser on what real exporters write: a captured node_exporter page (so it is tested on real
 * output even where the binary is missing; {@code NodeExporterIT} scrapes a live one), and the
 * Prometheus Java client's own OpenMetrics and text writers, which produce what node_exporter 1.5
 * does not: exemplars, {@code _created}, info and stateset families.
 */
class ExpositionRealOutputTest {

    /** node_exporter 1.5.0 (Debian bookworm), /metrics as served, two random MACs made fixed. */
    private static final String NODE_EXPORTER = "node-exporter-1.5.0.txt";

    @Test
    void readsEverySampleOfACapturedNodeExporterPage() throws Exception {
        String body = resource(NODE_EXPORTER);
        long sampleLines = body.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();

        List<ParsedSample> samples = Exposition.parse(body, "text/plain; version=0.0.4; charset=utf-8");

        assertThat(samples).hasSize((int) sampleLines);
        assertThat(find(samples, "node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle")).value())
                .isEqualTo(6017.46);
        assertThat(find(samples, "node_memory_MemTotal_bytes", Map.of()).value()).isEqualTo(2.5275990016e10);
        assertThat(find(samples, "go_gc_duration_seconds", Map.of("quantile", "0.5")).value()).isZero();
        assertThat(find(samples, "node_scrape_collector_success", Map.of("collector", "cpu")).value()).isEqualTo(1);
        assertThat(find(samples, "node_os_info", Map.of("pretty_name", "Debian GNU/Linux 12 (bookworm)")).value())
                .isEqualTo(1);
    }

    @Test
    void readsTheJavaClientsOpenMetricsOutput() throws Exception {
        CollectorRegistry registry = registryWithEveryType();

        String body = write(registry, TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        List<ParsedSample> samples = Exposition.parse(body, OPENMETRICS);

        assertThat(body).contains(" # {trace_id=\"abc123\"}"); // exemplars were written, and skipped
        assertThat(find(samples, "vigil_requests_total", Map.of("path", "/a\"b\\c\nd")).value()).isEqualTo(3);
        assertThat(find(samples, "vigil_requests_created", Map.of("path", "/a\"b\\c\nd")).value()).isPositive();
        assertThat(find(samples, "vigil_latency_seconds_bucket", Map.of("le", "0.5")).value()).isEqualTo(1);
        assertThat(find(samples, "vigil_latency_seconds_bucket", Map.of("le", "+Inf")).value()).isEqualTo(2);
        assertThat(find(samples, "vigil_latency_seconds_count", Map.of()).value()).isEqualTo(2);
        assertThat(find(samples, "vigil_latency_seconds_created", Map.of()).value()).isPositive();
        assertThat(find(samples, "vigil_size_bytes", Map.of("quantile", "0.5"))).isNotNull();
        assertThat(find(samples, "vigil_size_bytes_sum", Map.of()).value()).isEqualTo(42);
        assertThat(find(samples, "vigil_build_info", Map.of("version", "1.2.3")).value()).isEqualTo(1);
        assertThat(find(samples, "vigil_state", Map.of("vigil_state", "up")).value()).isEqualTo(1);
        assertThat(find(samples, "vigil_state", Map.of("vigil_state", "down")).value()).isZero();
        assertThat(find(samples, "vigil_temperature_celsius", Map.of()).value()).isEqualTo(-3.5);
    }

    @Test
    void readsTheJavaClientsTextOutput() throws Exception {
        String body = write(registryWithEveryType(), TextFormat.CONTENT_TYPE_004);
        List<ParsedSample> samples = Exposition.parse(body, TEXT);

        assertThat(find(samples, "vigil_requests_total", Map.of("path", "/a\"b\\c\nd")).value()).isEqualTo(3);
        assertThat(find(samples, "vigil_latency_seconds_bucket", Map.of("le", "+Inf")).value()).isEqualTo(2);
        assertThat(find(samples, "vigil_size_bytes", Map.of("quantile", "0.5"))).isNotNull();
        assertThat(find(samples, "vigil_temperature_celsius", Map.of()).value()).isEqualTo(-3.5);
    }

    private static CollectorRegistry registryWithEveryType() {
        CollectorRegistry registry = new CollectorRegistry();
        Counter requests = Counter.build("vigil_requests", "Requests, \"quoted\" and \\ escaped.\nTwo lines.")
                .labelNames("path").withExemplars().register(registry);
        requests.labels("/a\"b\\c\nd").incWithExemplar(3, "trace_id", "abc123");
        Histogram latency = Histogram.build("vigil_latency_seconds", "Latency.").buckets(0.1, 0.5, 1)
                .withExemplars().register(registry);
        latency.observeWithExemplar(0.3, "trace_id", "abc123");
        latency.observe(7);
        Summary size = Summary.build("vigil_size_bytes", "Sizes.").quantile(0.5, 0.01).register(registry);
        size.observe(42);
        Info.build("vigil_build", "Build.").register(registry).info("version", "1.2.3");
        Enumeration.build("vigil_state", "State.").states("up", "down").register(registry).state("up");
        Gauge.build("vigil_temperature_celsius", "Temperature.").register(registry).set(-3.5);
        return registry;
    }

    private static String write(CollectorRegistry registry, String contentType) throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.writeFormat(contentType, out, registry.metricFamilySamples());
        return out.toString();
    }

    /** The sample named {@code name} whose labels include {@code labels}; fails if none. */
    static ParsedSample find(List<ParsedSample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " among " + samples.size()));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ExpositionRealOutputTest.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
