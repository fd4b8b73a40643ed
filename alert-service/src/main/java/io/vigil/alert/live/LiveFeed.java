package io.vigil.alert.live;

import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tap of the metrics pipeline for live charts: {@link #offer} sees every fresh batch and keeps
 * the chart samples of the hosts some connection watches, until the next flush ({@link LivePush})
 * takes them. Nobody watching costs one volatile read per batch; a host past {@link #MAX_POINTS}
 * samples between two flushes has the rest counted as dropped, so a slow flush never grows memory.
 *
 * <p>Only the instance that owns a host's partition sees its batches: with several alert-service
 * instances a browser connected to another one gets no live points for that host (its charts still
 * have the history of {@code /api/metrics/query}, refreshed as the minutes are written).
 */
@Singleton
public class LiveFeed {

    /** The metrics the dashboard charts; anything else stays off the socket. */
    public static final Set<String> CHART_METRICS = Set.of("host_cpu_usage_ratio", "host_memory_used_ratio",
            "host_filesystem_used_ratio", "host_disk_read_bytes_per_second", "host_disk_write_bytes_per_second",
            "host_network_receive_bytes_per_second", "host_network_transmit_bytes_per_second", "host_load1");
    /** Samples kept per host between two flushes: a host's chart metrics for a few dozen ticks. */
    public static final int MAX_POINTS = 500;

    private final LiveMetrics metrics;
    /** Connection id → the hosts it watches; changed under this object's lock. */
    private final Map<String, Set<String>> watches = new ConcurrentHashMap<>();
    /** Every host some connection watches: what {@link #offer} reads, replaced whole on each change. */
    private volatile Set<String> watched = Set.of();
    private final Map<String, List<LivePoint>> buffers = new ConcurrentHashMap<>();

    public LiveFeed(LiveMetrics metrics) {
        this.metrics = metrics;
    }

    /** Called by the pipeline for each fresh batch; never blocks, never fails. */
    public void offer(MetricBatch batch) {
        Set<String> hosts = watched;
        if (hosts.isEmpty() || !hosts.contains(batch.host())) {
            return;
        }
        long t = batch.occurredAt().toEpochMilli();
        List<LivePoint> points = new ArrayList<>();
        for (MetricSample s : batch.samples()) {
            if (CHART_METRICS.contains(s.name())) {
                Map<String, String> labels = new LinkedHashMap<>(s.labels());
                labels.put("host", batch.host());
                points.add(new LivePoint(s.name(), labels, t, s.value()));
            }
        }
        if (points.isEmpty()) {
            return;
        }
        List<LivePoint> buffer = buffers.computeIfAbsent(batch.host(), h -> new ArrayList<>());
        int kept;
        synchronized (buffer) {
            kept = Math.max(0, Math.min(points.size(), MAX_POINTS - buffer.size()));
            buffer.addAll(points.subList(0, kept));
        }
        metrics.buffered(kept);
        if (kept < points.size()) {
            metrics.dropped(points.size() - kept);
        }
    }

    /** Replaces what a connection watches (an empty set: nothing). */
    public synchronized void watch(String connection, Set<String> hosts) {
        if (hosts.isEmpty()) {
            watches.remove(connection);
        } else {
            watches.put(connection, Set.copyOf(hosts));
        }
        recompute();
    }

    /** Forgets a closed connection's watches. */
    public synchronized void forget(String connection) {
        if (watches.remove(connection) != null) {
            recompute();
        }
    }

    /** Whether no connection watches anything (the flush then has nothing to do). */
    public boolean idle() {
        return watched.isEmpty();
    }

    /** The current watches, connection id → hosts. */
    public Map<String, Set<String>> watches() {
        return Map.copyOf(watches);
    }

    /** Takes the buffered samples, host → points in arrival order; hosts without samples are left out. */
    public Map<String, List<LivePoint>> drain() {
        Map<String, List<LivePoint>> out = new HashMap<>();
        for (Map.Entry<String, List<LivePoint>> e : buffers.entrySet()) {
            List<LivePoint> buffer = e.getValue();
            synchronized (buffer) {
                if (!buffer.isEmpty()) {
                    out.put(e.getKey(), List.copyOf(buffer));
                    buffer.clear();
                }
            }
        }
        return out;
    }

    private void recompute() {
        Set<String> all = new HashSet<>();
        watches.values().forEach(all::addAll);
        watched = Set.copyOf(all);
        // Buffers of hosts nobody watches any more would only be flushed to nobody.
        buffers.keySet().retainAll(all);
    }
}
