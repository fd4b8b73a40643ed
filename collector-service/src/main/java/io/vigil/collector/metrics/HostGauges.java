package io.vigil.collector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.vigil.events.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows the latest host snapshot on {@code /q/metrics} under the same names and labels as the
 * Kafka samples ({@code host_cpu_usage_ratio} is Micrometer's {@code host.cpu.usage.ratio}). Each
 * series is registered once and reads a holder that every snapshot overwrites; a series missing
 * from a snapshot (an unplugged disk) is removed so that Prometheus does not keep a stale value.
 *
 * <p>Micrometer's Prometheus registry wants one label set per name, while the batches carry the
 * CPU total without labels next to per-core samples with {@code cpu}. Missing labels are therefore
 * exposed as empty strings, which Prometheus treats exactly like an absent label.
 */
public final class HostGauges {

    /** The latest value of one series; read by Micrometer on scrape, written by the sampler. */
    private static final class Holder {
        volatile double value;
        Meter meter;
    }

    /** A series: metric name plus its complete, sorted label set. */
    private record Series(String name, Map<String, String> labels) {
    }

    private final MeterRegistry registry;
    private final Map<Series, Holder> holders = new ConcurrentHashMap<>();

    public HostGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Makes {@code samples} the values on {@code /q/metrics}. Called by one thread at a time. */
    public synchronized void update(List<MetricSample> samples) {
        Map<String, Set<String>> labelKeysByName = new HashMap<>();
        for (MetricSample s : samples) {
            labelKeysByName.computeIfAbsent(s.name(), n -> new TreeSet<>()).addAll(s.labels().keySet());
        }
        Set<Series> seen = new HashSet<>();
        for (MetricSample s : samples) {
            Map<String, String> labels = new HashMap<>();
            for (String key : labelKeysByName.get(s.name())) {
                labels.put(key, s.labels().getOrDefault(key, ""));
            }
            Series series = new Series(s.name(), Map.copyOf(labels));
            seen.add(series);
            holders.computeIfAbsent(series, this::register).value = s.value();
        }
        for (Series gone : new ArrayList<>(holders.keySet())) {
            if (!seen.contains(gone)) {
                registry.remove(holders.remove(gone).meter);
            }
        }
    }

    /** How many series are registered (for tests). */
    int size() {
        return holders.size();
    }

    private Holder register(Series series) {
        Holder holder = new Holder();
        List<Tag> tags = series.labels().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
        String name = series.name();
        if (name.endsWith("_total")) {
            // A monotonic counter: Prometheus naming adds "_total" back to a Micrometer counter.
            holder.meter = FunctionCounter.builder(micrometerName(name.substring(0, name.length() - "_total".length())),
                    holder, h -> h.value).tags(tags).register(registry);
        } else {
            holder.meter = Gauge.builder(micrometerName(name), holder, h -> h.value).tags(tags)
                    .strongReference(true).register(registry);
        }
        return holder;
    }

    private static String micrometerName(String prometheusName) {
        return prometheusName.replace('_', '.');
    }
}
