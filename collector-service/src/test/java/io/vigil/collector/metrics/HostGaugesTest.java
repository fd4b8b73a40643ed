package io.vigil.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vigil.events.MetricSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HostGauges gauges = new HostGauges(registry);

    @Test
    void gaugeShowsTheLatestSnapshotWithoutRegisteringAgain() {
        gauges.update(List.of(MetricSample.of("host_memory_available_bytes", 100)));
        Gauge first = registry.get("host.memory.available.bytes").gauge();

        gauges.update(List.of(MetricSample.of("host_memory_available_bytes", 250)));

        Gauge second = registry.get("host.memory.available.bytes").gauge();
        assertThat(second).isSameAs(first);
        assertThat(second.value()).isEqualTo(250);
        assertThat(registry.getMeters()).hasSize(1);
    }

    @Test
    void seriesMissingFromASnapshotIsRemoved() {
        gauges.update(List.of(
                MetricSample.of("host_network_receive_bytes_per_second", 1, "interface", "eth0"),
                MetricSample.of("host_network_receive_bytes_per_second", 2, "interface", "wlan0")));

        gauges.update(List.of(MetricSample.of("host_network_receive_bytes_per_second", 3, "interface", "eth0")));

        assertThat(registry.find("host.network.receive.bytes.per.second").gauges())
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.getId().getTag("interface")).isEqualTo("eth0");
                    assertThat(g.value()).isEqualTo(3);
                });
        assertThat(gauges.size()).isEqualTo(1);
    }

    @Test
    void errorTotalsBecomeCounters() {
        gauges.update(List.of(MetricSample.of("host_network_receive_errors_total", 7, "interface", "eth0")));

        FunctionCounter counter = registry.get("host.network.receive.errors").functionCounter();
        assertThat(counter.count()).isEqualTo(7);
    }

    @Test
    void cpuTotalAndPerCoreShareOneLabelSetOnPrometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HostGauges onPrometheus = new HostGauges(prometheus);

        onPrometheus.update(List.of(
                MetricSample.of("host_cpu_usage_ratio", 0.25),
                new MetricSample("host_cpu_usage_ratio", Map.of("cpu", "0"), 0.5),
                new MetricSample("host_cpu_usage_ratio", Map.of("cpu", "1"), 0.0),
                MetricSample.of("host_network_transmit_errors_total", 3, "interface", "eth0")));

        String scrape = prometheus.scrape();
        // An empty label is the same as no label to Prometheus, so the total keeps its identity.
        assertThat(scrape).contains("host_cpu_usage_ratio{cpu=\"\",} 0.25")
                .contains("host_cpu_usage_ratio{cpu=\"0\",} 0.5")
                .contains("host_cpu_usage_ratio{cpu=\"1\",} 0.0")
                .contains("host_network_transmit_errors_total{interface=\"eth0\",} 3.0");
    }
}
