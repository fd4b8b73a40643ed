package io.vigil.alert.rollup;

import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollups not yet written, per series and minute (the sample's own time truncated to the
 * minute). Plain Java, used by the writer's thread only. {@link #drain} hands over everything
 * gathered since the last write: the store adds it to what it holds, so an open minute can be
 * written now and again later.
 *
 * <p>Two levels, because this runs for every sample the service takes: a series (metric and its
 * labels with the host, as stored) holds its open minutes, and a sample finds its series by
 * (host, metric, the sample's own labels) without building the stored labels again; those are
 * built once per series. A series that got no sample between two drains is forgotten, so hosts
 * and labels that come and go do not pile up.
 */
public final class Rollups {

    /**
     * The order rows are written in: every instance locks the same rows in the same order, so two
     * writers upserting the same rows (during a rebalance) wait for each other instead of deadlocking.
     */
    private static final Comparator<Row> WRITE_ORDER = Comparator.<Row, String>comparing(r -> r.series.metric)
            .thenComparing(r -> r.rollup.minute()).thenComparing(r -> r.series.order);

    /** Series by what they are stored as: two ways of naming the host (batch or label) meet here. */
    private final Map<SeriesKey, Series> series = new HashMap<>();
    /** host → metric → the sample's own labels → series: what a sample is looked up by. */
    private final Map<String, Map<String, Map<Map<String, String>, Series>>> byHost = new HashMap<>();
    /** (series, minute) rows waiting. */
    private int rows;

    /** One series as stored: a metric and its labels, host included. */
    private record SeriesKey(String metric, Map<String, String> labels) {
    }

    /** One series' open minutes; the minute of the last sample is kept at hand, as the next one is almost always in it. */
    private static final class Series {
        final String metric;
        final Map<String, String> labels;
        /** The labels sorted by name, for the write order: built once per series, not per comparison. */
        final String order;
        final Map<Instant, MinuteRollup> minutes = new HashMap<>(4);
        MinuteRollup recent;
        boolean forgotten;

        Series(String metric, Map<String, String> labels) {
            this.metric = metric;
            this.labels = labels;
            this.order = new TreeMap<>(labels).toString();
        }
    }

    private record Row(Series series, MinuteRollup rollup) {
    }

    /**
     * Adds every sample of the batch; samples that are not finite numbers are left out (a chart
     * cannot draw them and an average with them means nothing).
     *
     * @return how many samples were left out
     */
    public int add(MetricBatch batch) {
        Instant at = batch.occurredAt();
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        String host = batch.host();
        Map<String, Map<Map<String, String>, Series>> byMetric = byHost.computeIfAbsent(host, h -> new HashMap<>());
        int skipped = 0;
        for (MetricSample sample : batch.samples()) {
            if (!Double.isFinite(sample.value())) {
                skipped++;
                continue;
            }
            Map<Map<String, String>, Series> byLabels = byMetric.get(sample.name());
            if (byLabels == null) {
                byLabels = new HashMap<>();
                byMetric.put(sample.name(), byLabels);
            }
            Series s = byLabels.get(sample.labels());
            if (s == null) {
                s = series(sample.name(), seriesLabels(host, sample.labels()));
                byLabels.put(sample.labels(), s);
            }
            minute(s, minute).add(sample.value(), at);
        }
        return skipped;
    }

    /** Takes back rollups a failed write could not store, to be written with the next ones. */
    public void restore(List<MinuteRollup> unwritten) {
        for (MinuteRollup r : unwritten) {
            minute(series(r.metric(), r.labels()), r.minute()).merge(r);
        }
    }

    /** Everything gathered since the last drain, in the write order (metric, minute, labels), now owned by the caller. */
    public List<MinuteRollup> drain() {
        List<Row> out = new ArrayList<>(rows);
        boolean forgot = false;
        for (Iterator<Series> it = series.values().iterator(); it.hasNext();) {
            Series s = it.next();
            if (s.minutes.isEmpty()) {
                it.remove();
                s.forgotten = true;
                forgot = true;
                continue;
            }
            for (MinuteRollup r : s.minutes.values()) {
                out.add(new Row(s, r));
            }
            s.minutes.clear();
            s.recent = null;
        }
        if (forgot) {
            forgetLookups();
        }
        rows = 0;
        out.sort(WRITE_ORDER);
        List<MinuteRollup> rollups = new ArrayList<>(out.size());
        for (Row r : out) {
            rollups.add(r.rollup);
        }
        return rollups;
    }

    /** How many (series, minute) rows wait to be written. */
    public int size() {
        return rows;
    }

    /** How many series are known (with or without rows waiting). */
    int series() {
        return series.size();
    }

    private Series series(String metric, Map<String, String> labels) {
        return series.computeIfAbsent(new SeriesKey(metric, labels), k -> new Series(k.metric(), k.labels()));
    }

    private MinuteRollup minute(Series s, Instant minute) {
        MinuteRollup r = s.recent;
        if (r == null || !r.minute().equals(minute)) {
            r = s.minutes.get(minute);
            if (r == null) {
                r = new MinuteRollup(s.metric, s.labels, minute);
                s.minutes.put(minute, r);
                rows++;
            }
            s.recent = r;
        }
        return r;
    }

    /** Drops the lookups of forgotten series, and the hosts and metrics left without any. */
    private void forgetLookups() {
        byHost.values().removeIf(byMetric -> {
            byMetric.values().removeIf(byLabels -> {
                byLabels.values().removeIf(s -> s.forgotten);
                return byLabels.isEmpty();
            });
            return byMetric.isEmpty();
        });
    }

    /** A sample's labels plus the batch's host, as an alert of the series would carry them. */
    static Map<String, String> seriesLabels(String host, Map<String, String> sampleLabels) {
        if (host == null || sampleLabels.containsKey("host")) {
            return sampleLabels;
        }
        Map<String, String> labels = new HashMap<>(sampleLabels);
        labels.put("host", host);
        return Map.copyOf(labels);
    }
}
