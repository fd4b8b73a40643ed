package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleConfig;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The load of the throughput goal (issue 6): 1,000 hosts × 50 samples per batch (50,000 series)
 * against 1,000 threshold rules, with a few trend and absence rules in place, and nothing breached.
 *
 * <p>Rules: 500 metric names {@code bench_metric_NNN_ratio}, two threshold rules each: {@code tNNNa}
 * without matchers, {@code tNNNb} with a label matcher (every fifth a regex), so a sample of a
 * watched name meets two rules and the matcher check. Plus 5 trend rules (a fit per selected
 * series) and 2 absence rules (one per host, one per series of a metric). Every level is at 0.9 or
 * above; values stay in 0.30–0.69 and are constant per series, so fits are flat and nothing fires.
 *
 * <p>Batches: 45 of the 50 samples of host {@code h} are watched names ({@code (7h + 11i) mod 500},
 * distinct within a batch), each with one label {@code device=dK}; the other 5 are names no rule
 * reads. So 90 % of the samples match a rule by name, as on a fleet whose rules cover what it sends.
 */
public final class ThroughputLoad {

    public static final int HOSTS = 1000;
    public static final int SAMPLES = 50;
    static final int NAMES = 500;
    static final int WATCHED = 45;
    /** The interval batches state (10 s, a collector's default tick); the absence rules say {@code after} themselves. */
    static final long INTERVAL_MILLIS = 10_000;

    private ThroughputLoad() {
    }

    static String metric(int n) {
        return String.format(Locale.ROOT, "bench_metric_%03d_ratio", n);
    }

    /** The rules section of the config file. */
    public static String rulesYaml() {
        StringBuilder y = new StringBuilder("rules:\n");
        for (int n = 0; n < NAMES; n++) {
            String m = metric(n);
            y.append(String.format(Locale.ROOT,
                    "  - {name: t%03da, metric: %s, warning: {above: 0.90, for: 1m}, critical: {above: 0.95}}%n", n, m));
            String select = n % 5 == 0 ? "matchers: ['device=~\"d[01]\"']" : "labels: {device: d" + (n % 4) + "}";
            y.append(String.format(Locale.ROOT,
                    "  - {name: t%03db, metric: %s, %s, critical: {above: 0.97, for: 30s}}%n", n, m, select));
        }
        for (int k = 0; k < 5; k++) {
            y.append(String.format(Locale.ROOT,
                    "  - {name: trend-%d, type: trend, metric: %s, window: 10m, horizon: 1h, critical: {above: 5}}%n",
                    k, metric(k * 100)));
        }
        // Long allowances: a pause between the benchmark's phases must not look like a host going away.
        y.append("  - {name: host-silent, type: absence, after: 10m}\n");
        y.append(String.format(Locale.ROOT, "  - {name: metric-silent, type: absence, metric: %s, after: 10m}%n", metric(1)));
        return y.toString();
    }

    public static List<RuleConfig> rules() {
        return ConfigLoader.forSections(ConfigLoader.Section.RULES).parse(rulesYaml()).rules();
    }

    public static String host(int h) {
        return HostBatches.host("load", h);
    }

    /** The 50 samples of host {@code h}; the same every tick. */
    public static List<MetricSample> samples(int h) {
        List<MetricSample> s = new ArrayList<>(SAMPLES);
        for (int i = 0; i < SAMPLES; i++) {
            String name = i < WATCHED ? metric((7 * h + 11 * i) % NAMES) : "bench_unwatched_" + i + "_total";
            double value = 0.30 + ((3 * h + i) % 40) / 100.0;
            s.add(new MetricSample(name, Map.of("device", "d" + (i % 4)), value));
        }
        return List.copyOf(s);
    }

    public static MetricBatch batch(int h, UUID eventId, Instant at) {
        return new MetricBatch(eventId, at, HostBatches.SOURCE, MetricBatch.SCHEMA_VERSION, host(h), samples(h),
                INTERVAL_MILLIS);
    }

    /**
     * Serialized batches of every host with the event id and time left open, so a producer can
     * stamp millions of records per second without running Jackson: the record is
     * {@code PREFIX + eventId + MIDDLE + occurredAt + tail[h]}, byte for byte what {@link Json#write} makes.
     */
    public static final class Wire {
        private static final Instant MARK_AT = Instant.parse("2000-01-01T00:00:00Z");
        private static final UUID MARK_ID = new UUID(0, 0);
        static final byte[] PREFIX = "{\"eventId\":\"".getBytes(StandardCharsets.US_ASCII);
        static final byte[] MIDDLE = "\",\"occurredAt\":\"".getBytes(StandardCharsets.US_ASCII);
        private final byte[][] tails = new byte[HOSTS][];

        public Wire() {
            String head = new String(PREFIX, StandardCharsets.US_ASCII) + MARK_ID + new String(MIDDLE, StandardCharsets.US_ASCII)
                    + MARK_AT;
            for (int h = 0; h < HOSTS; h++) {
                String json = Json.write(batch(h, MARK_ID, MARK_AT));
                if (!json.startsWith(head)) {
                    throw new IllegalStateException("MetricBatch JSON no longer starts with eventId, occurredAt: " + json);
                }
                tails[h] = json.substring(head.length()).getBytes(StandardCharsets.UTF_8);
            }
        }

        /** One record of host {@code h}; {@code at} is an ISO-8601 instant in ASCII. */
        public byte[] record(int h, UUID eventId, byte[] at) {
            byte[] id = eventId.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] tail = tails[h];
            byte[] out = new byte[PREFIX.length + id.length + MIDDLE.length + at.length + tail.length];
            int p = 0;
            System.arraycopy(PREFIX, 0, out, p, PREFIX.length);
            p += PREFIX.length;
            System.arraycopy(id, 0, out, p, id.length);
            p += id.length;
            System.arraycopy(MIDDLE, 0, out, p, MIDDLE.length);
            p += MIDDLE.length;
            System.arraycopy(at, 0, out, p, at.length);
            p += at.length;
            System.arraycopy(tail, 0, out, p, tail.length);
            return out;
        }

        public int averageBytes() {
            long sum = 0;
            for (byte[] t : tails) {
                sum += t.length;
            }
            return (int) (sum / HOSTS) + PREFIX.length + 36 + MIDDLE.length + "2026-11-21T12:00:00.123Z".length();
        }
    }
}
