package io.vigil.alert.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LiveFeed feed = new LiveFeed(new LiveMetrics(registry));
    private final Instant at = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void nobodyWatchingKeepsNothing() {
        feed.offer(batch("web-1", MetricSample.of("host_cpu_usage_ratio", 0.5)));

        assertThat(feed.idle()).isTrue();
        assertThat(feed.drain()).isEmpty();
    }

    @Test
    void keepsTheChartSamplesOfWatchedHostsWithTheHostLabelUntilDrained() {
        feed.watch("c1", Set.of("web-1"));

        feed.offer(batch("web-1", MetricSample.of("host_cpu_usage_ratio", 0.5),
                MetricSample.of("host_load1", 2.0, "host", "spoofed"), MetricSample.of("host_uptime_seconds", 9)));
        feed.offer(batch("db-1", MetricSample.of("host_cpu_usage_ratio", 0.9)));

        Map<String, List<LivePoint>> drained = feed.drain();
        assertThat(drained).containsOnlyKeys("web-1");
        assertThat(drained.get("web-1")).containsExactly(
                new LivePoint("host_cpu_usage_ratio", Map.of("host", "web-1"), at.toEpochMilli(), 0.5),
                new LivePoint("host_load1", Map.of("host", "web-1"), at.toEpochMilli(), 2.0));
        assertThat(feed.drain()).isEmpty();
    }

    @Test
    void aHostPastTheCapBetweenTwoFlushesHasTheRestCountedAsDropped() {
        feed.watch("c1", Set.of("web-1"));
        List<MetricSample> many = new ArrayList<>();
        for (int i = 0; i < LiveFeed.MAX_POINTS + 7; i++) {
            many.add(new MetricSample("host_filesystem_used_ratio", Map.of("mount", "/m" + i), 0.1));
        }

        feed.offer(MetricBatch.of(SOURCE, "web-1", at, many));

        assertThat(feed.drain().get("web-1")).hasSize(LiveFeed.MAX_POINTS);
        assertThat(registry.get("vigil.live.points").tag("outcome", "dropped").counter().count()).isEqualTo(7);
    }

    @Test
    void forgettingTheLastWatcherMakesTheFeedIdleAgain() {
        feed.watch("c1", Set.of("web-1"));
        feed.watch("c2", Set.of("web-1", "db-1"));
        feed.forget("c2");
        assertThat(feed.watches()).isEqualTo(Map.of("c1", Set.of("web-1")));
        feed.watch("c1", Set.of());

        assertThat(feed.idle()).isTrue();
        feed.offer(batch("web-1", MetricSample.of("host_cpu_usage_ratio", 0.5)));
        assertThat(feed.drain()).isEmpty();
    }

    private MetricBatch batch(String host, MetricSample... samples) {
        return MetricBatch.of(SOURCE, host, at, List.of(samples));
    }
}
