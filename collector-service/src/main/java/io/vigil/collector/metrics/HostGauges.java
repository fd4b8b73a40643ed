package io.vigil.collector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.vigil.events.MetricSample;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            Set<String> keys = labelKeysByName.get(s.name());
            if (keys == null) {
                labelKeysByName.put(s.name(), s.labels().keySet());
            } else if (!keys.containsAll(s.labels().keySet())) {
                Set<String> union = new HashSet<>(keys);
                union.addAll(s.labels().keySet());
                labelKeysByName.put(s.name(), union);
            }
        }
        Set<Series> seen = new HashSet<>();
        for (MetricSample s : samples) {
            Series series = new Series(s.name(), completeLabels(s, labelKeysByName.get(s.name())));
            seen.add(series);
            holders.computeIfAbsent(series, this::register).value = s.value();
        }
        for (Iterator<Map.Entry<Series, Holder>> it = holders.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Series, Holder> entry = it.next();
            if (!seen.contains(entry.getKey())) {
                registry.remove(entry.getValue().meter);
                it.remove();
            }
        }
    }

    /**
     * The sample's labels, with an empty value for each key that other samples of its name carry.
     * Most samples already carry them all, and then their own (immutable) map is used as it is: a
     * sampler that keeps its label maps between ticks costs no map per sample here.
     */
    private static Map<String, String> completeLabels(MetricSample s, Set<String> keys) {
        if (keys.size() == s.labels().size()) {
            return s.labels();
        }
        Map<String, String> labels = new HashMap<>();
        for (String key : keys) {
            labels.put(key, s.labels().getOrDefault(key, ""));
        }
        return Map.copyOf(labels);
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
