package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Levels;
import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.config.AbsenceRule;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code type: absence}: a series (or, without a metric, a host) that was seen and then sends
 * nothing for {@code after} fires; its next sample resolves it. Time is this service's clock when
 * a batch arrives, never the sample's own timestamp, so a source whose clock is off cannot fake
 * freshness or absence. A series never seen does not alert.
 *
 * <p>After a restart or a rebalance the clock for every series starts no earlier than the moment
 * this state was created ({@code watchingSince}): the backlog read on start refreshes the series
 * that did send, and nothing fires for time during which nobody was watching. The series
 * themselves come back from the store ({@link SeenSeries}), so a host that went away while the
 * service was down still alerts once {@code after} has passed.
 */
final class AbsenceState extends RuleState {

    /** Without a stated interval, a host is late after this long. */
    static final Duration FALLBACK_AFTER = Duration.ofMinutes(5);
    /** A last-seen time is stored again when the stored one is older than this. */
    static final Duration STORE_EVERY = Duration.ofMinutes(10);

    private final Map<SeriesKey, Watched> watched = new HashMap<>();
    private final Instant watchingSince;
    private final Duration forgetAfter;

    /** One watched series. */
    private static final class Watched {
        final AlertSeries alert;
        Instant lastSeen;
        Instant storedSeen;
        long intervalMillis;

        Watched(AlertSeries alert) {
            this.alert = alert;
        }
    }

    AbsenceState(RuleConfig rule, Flapping flapping, Instant watchingSince, Duration forgetAfter) {
        super(rule, flapping);
        this.watchingSince = watchingSince;
        this.forgetAfter = forgetAfter;
    }

    private AbsenceRule absence() {
        return (AbsenceRule) rule.kind();
    }

    @Override
    boolean readsBatches() {
        return absence().metric() == null;
    }

    @Override
    void batch(MetricBatch batch, Instant receivedAt, Output out) {
        if (rule.matchers().isEmpty() || rule.selects(Map.of("host", batch.host()))) {
            seen(new SeriesKey(batch.host(), Map.of()), batch.intervalMillis(), receivedAt, out);
        }
    }

    @Override
    void sample(String host, MetricSample sample, Instant at, Instant receivedAt, Output out) {
        seen(new SeriesKey(host, sample.labels()), 0, receivedAt, out);
    }

    private void seen(SeriesKey key, long intervalMillis, Instant receivedAt, Output out) {
        Watched w = watched.get(key);
        if (w == null) {
            w = watch(key.labels());
            watched.put(key, w);
        }
        if (intervalMillis > 0) {
            w.intervalMillis = intervalMillis;
        } else if (w.lastSeen != null && w.intervalMillis == 0) {
            // No stated interval: the gap between the first two batches stands in for it.
            w.intervalMillis = Math.max(1, Duration.between(w.lastSeen, receivedAt).toMillis());
        }
        w.lastSeen = receivedAt;
        if (w.storedSeen == null || !w.storedSeen.plus(STORE_EVERY).isAfter(receivedAt)) {
            w.storedSeen = receivedAt;
            out.seen.add(new SeenSeries(rule.name(), w.alert.fingerprint, w.alert.labels, receivedAt, w.intervalMillis));
        }
        if (w.alert.lifecycle.isOpen()) {
            w.alert.record(w.alert.lifecycle.resolve(0, receivedAt, null)).ifPresent(out::add);
        }
    }

    private Watched watch(Map<String, String> labels) {
        String fingerprint = Fingerprint.of(rule.name(), labels);
        String summary = rule.summary();
        return new Watched(new AlertSeries(new SeriesLifecycle(rule.name(), Levels.NONE, summary, fingerprint, labels),
                fingerprint, labels, flapping));
    }

    /** How long a series may stay silent: the rule's {@code after}, else three times its interval. */
    Duration allowance(long intervalMillis) {
        if (absence().after() != null) {
            return absence().after();
        }
        return intervalMillis > 0 ? Duration.ofMillis(3 * intervalMillis) : FALLBACK_AFTER;
    }

    @Override
    void tick(Instant now, Output out) {
        super.tick(now, out);
        Severity severity = Severity.parse(absence().severity());
        for (Iterator<Map.Entry<SeriesKey, Watched>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Watched w = it.next().getValue();
            Instant from = w.lastSeen == null || w.lastSeen.isBefore(watchingSince) ? watchingSince : w.lastSeen;
            Duration silent = Duration.between(from, now);
            if (w.lastSeen != null && Duration.between(w.lastSeen, now).compareTo(forgetAfter) > 0) {
                w.alert.lifecycle.resolve(w.alert.lifecycle.lastValue(), now,
                        "no data for " + io.vigil.config.Durations.format(forgetAfter) + ": the series is forgotten")
                        .ifPresent(out::add);
                out.forgotten.add(new SeenSeries(rule.name(), w.alert.fingerprint, w.alert.labels, w.lastSeen,
                        w.intervalMillis));
                it.remove();
                continue;
            }
            if (silent.compareTo(allowance(w.intervalMillis)) > 0) {
                double seconds = w.lastSeen == null ? silent.toSeconds() : Duration.between(w.lastSeen, now).toSeconds();
                w.alert.record(w.alert.lifecycle.fire(severity, seconds, now)).ifPresent(out::add);
            }
        }
    }

    @Override
    void restore(OpenAlert open) {
        SeriesKey key = SeriesKey.ofLabels(open.labels());
        Watched w = watched.computeIfAbsent(key, k -> watch(open.labels()));
        w.alert.restore(open);
    }

    @Override
    void restoreSeen(SeenSeries seen) {
        SeriesKey key = SeriesKey.ofLabels(seen.labels());
        Watched w = watched.computeIfAbsent(key, k -> watch(seen.labels()));
        if (w.lastSeen == null || seen.lastSeen().isAfter(w.lastSeen)) {
            w.lastSeen = seen.lastSeen();
            w.storedSeen = seen.lastSeen();
        }
        if (w.intervalMillis == 0) {
            w.intervalMillis = seen.intervalMillis();
        }
    }

    @Override
    boolean redefine(RuleConfig newRule) {
        if (!(newRule.kind() instanceof AbsenceRule a) || !newRule.matchers().equals(rule.matchers())
                || !java.util.Objects.equals(a.metric(), absence().metric())) {
            return false;
        }
        rule = newRule;
        return true;
    }

    @Override
    Collection<AlertSeries> alertSeries() {
        return watched.values().stream().map(w -> w.alert).toList();
    }

    @Override
    int trackedSeries() {
        return watched.size();
    }
}
