package io.vigil.alert.rollup;

import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollups not yet written, per series and minute (the sample's own time truncated to the
 * minute). Plain Java, used by the writer's thread only. {@link #drain} hands over everything
 * gathered since the last write: the store adds it to what it holds, so an open minute can be
 * written now and again later.
 */
public final class Rollups {

    /** One series in one minute. */
    record Key(String metric, Map<String, String> labels, long minuteEpochSecond) {
    }

    private final Map<Key, MinuteRollup> pending = new HashMap<>();

    /**
     * Adds every sample of the batch; samples that are not finite numbers are left out (a chart
     * cannot draw them and an average with them means nothing).
     *
     * @return how many samples were left out
     */
    public int add(MetricBatch batch) {
        Instant at = batch.occurredAt();
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        int skipped = 0;
        for (MetricSample sample : batch.samples()) {
            if (!Double.isFinite(sample.value())) {
                skipped++;
                continue;
            }
            Map<String, String> labels = seriesLabels(batch.host(), sample.labels());
            Key key = new Key(sample.name(), labels, minute.getEpochSecond());
            pending.computeIfAbsent(key, k -> new MinuteRollup(k.metric(), k.labels(), minute))
                    .add(sample.value(), at);
        }
        return skipped;
    }

    /** Takes back rollups a failed write could not store, to be written with the next ones. */
    public void restore(List<MinuteRollup> unwritten) {
        for (MinuteRollup r : unwritten) {
            Key key = new Key(r.metric(), r.labels(), r.minute().getEpochSecond());
            pending.computeIfAbsent(key, k -> new MinuteRollup(k.metric(), k.labels(), r.minute())).merge(r);
        }
    }

    /** Everything gathered since the last drain, now owned by the caller. */
    public List<MinuteRollup> drain() {
        List<MinuteRollup> out = new ArrayList<>(pending.values());
        pending.clear();
        return out;
    }

    /** How many (series, minute) rows wait to be written. */
    public int size() {
        return pending.size();
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
