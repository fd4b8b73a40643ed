package io.vigil.bench;

import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleBook;
import io.vigil.alert.rule.RuleEngine;
import io.vigil.config.AlertingConfig;
import io.vigil.config.RuleConfig;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricBatchReader;
import io.vigil.events.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH, one thread: {@link RuleEngine#evaluate} on one host's batch per operation, cycling over the
 * hosts with time moving per round (as the consumer sees them), for two loads: the issue's
 * 1,000 rules over 50,000 series ({@link ThroughputLoad}) and the default rules over a realistic
 * fleet ({@link HostBatches}); and reading one batch from JSON. {@link #main} runs them with the
 * GC profiler and prints a summary.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEvaluationBench {

    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    /** An engine fed host after host; the output is emptied after each batch, as the pipeline starts each batch afresh. */
    abstract static class Feed {
        RuleEngine engine;
        String[] names;
        List<MetricSample>[] samples;
        final Output out = new Output();
        final UUID eventId = UUID.randomUUID();
        Instant at = HostBatches.START;
        int next;
        long transitions;

        @SuppressWarnings("unchecked")
        void setUp(List<RuleConfig> rules, int hosts) {
            engine = new RuleEngine(new RuleBook(1, rules, AlertingConfig.DEFAULTS), at, FORGET_AFTER);
            names = new String[hosts];
            samples = new List[hosts];
        }

        abstract Duration tick();

        /** The next host's batch; a record around shared, immutable samples, so it costs ~40 B and no copying. */
        MetricBatch nextBatch() {
            int h = next;
            if (++next == names.length) {
                next = 0;
                at = at.plus(tick());
            }
            return new MetricBatch(eventId, at, HostBatches.SOURCE, MetricBatch.SCHEMA_VERSION, names[h], samples[h],
                    10_000);
        }

        Output evaluate() {
            out.transitions.clear();
            out.seen.clear();
            out.forgotten.clear();
            MetricBatch batch = nextBatch();
            engine.evaluate(batch, batch.occurredAt(), out);
            transitions += out.transitions.size();
            return out;
        }
    }

    /**
     * The load: 1,000 threshold rules (+ trend, absence), 1,000 hosts × 50 samples, nothing
     * breached. The samples are read back from JSON by {@link MetricBatchReader}, as the pipeline
     * hands them to the engine: names and label maps shared between hosts and ticks.
     */
    @State(Scope.Thread)
    public static class ThousandRules extends Feed {
        @Setup
        public void setUp() {
            setUp(ThroughputLoad.rules(), ThroughputLoad.HOSTS);
            MetricBatchReader reader = new MetricBatchReader();
            for (int h = 0; h < names.length; h++) {
                MetricBatch batch = reader.read(Json.write(ThroughputLoad.batch(h, eventId, at)));
                names[h] = batch.host();
                samples[h] = batch.samples();
            }
        }

        @Override
        Duration tick() {
            return Duration.ofSeconds(1);
        }
    }

    /** The default rules over N realistic hosts: series of breaching hosts stay pending/firing between rounds. */
    @State(Scope.Thread)
    public static class Fleet extends Feed {
        @Param({"1000"})
        public int hosts;

        @Setup
        public void setUp() {
            setUp(HostBatches.rules(), hosts);
            for (int h = 0; h < hosts; h++) {
                names[h] = HostBatches.host("host", h);
                samples[h] = HostBatches.samples(h);
            }
        }

        @Override
        Duration tick() {
            return Duration.ofSeconds(10);
        }
    }

    /** Serialized batches of the load as they arrive on the metrics topic. */
    @State(Scope.Thread)
    public static class Wire {
        static final int HOSTS = ThroughputLoad.HOSTS;
        String[] json = new String[HOSTS];
        final MetricBatchReader reader = new MetricBatchReader();
        int next;

        @Setup
        public void setUp() {
            for (int h = 0; h < HOSTS; h++) {
                json[h] = Json.write(ThroughputLoad.batch(h, UUID.randomUUID(), HostBatches.START));
            }
        }

        String nextJson() {
            String s = json[next];
            next = (next + 1) % HOSTS;
            return s;
        }
    }

    @Benchmark
    public Output thousandRules(ThousandRules load) {
        return load.evaluate();
    }

    @Benchmark
    public Output fleet(Fleet load) {
        return load.evaluate();
    }

    @Benchmark
    public MetricBatch jsonRead(Wire wire) {
        return Json.read(wire.nextJson(), MetricBatch.class);
    }

    /** The streaming reader the pipeline uses, with its caches warm as on a consumer that has run a while. */
    @Benchmark
    public MetricBatch batchReader(Wire wire) {
        return wire.reader.read(wire.nextJson());
    }

    /**
     * Runs the benchmarks; {@code --quick} shortens the iterations, {@code --hosts 100,1000} picks
     * fleet sizes of the default-rules load, {@code --only thousandRules} picks benchmarks (a regex).
     */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String hosts = "1000";
        String only = "thousandRules|fleet|jsonRead|batchReader";
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--hosts")) {
                hosts = args[i + 1];
            } else if (args[i].equals("--only")) {
                only = args[i + 1];
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(RuleEvaluationBench.class.getName() + "\\.(" + only + ")$")
                .param("hosts", hosts.split(","))
                .forks(1)
                .warmupIterations(quick ? 3 : 4)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 6)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                // A fixed heap keeps GC sizing out of the comparison between loads.
                .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dvigil.root=" + HostBatches.root())
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build()).run();

        int jsonBytes = Json.write(ThroughputLoad.batch(0, UUID.randomUUID(), HostBatches.START))
                .getBytes(StandardCharsets.UTF_8).length;
        List<String> lines = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            double perSecond = primary.getScore();
            double min = primary.getStatistics().getMin();
            double max = primary.getStatistics().getMax();
            double alloc = allocPerOp(r);
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            switch (name) {
                case "thousandRules" -> lines.add(String.format(Locale.ROOT,
                        "engine alone      1,000 rules, 50,000 series: samples/s=%,.0f (min %,.0f max %,.0f)  batches/s=%,.0f  ns/sample=%.1f  alloc/sample=%.1f B",
                        perSecond * ThroughputLoad.SAMPLES, min * ThroughputLoad.SAMPLES, max * ThroughputLoad.SAMPLES,
                        perSecond, 1e9 / (perSecond * ThroughputLoad.SAMPLES), alloc / ThroughputLoad.SAMPLES));
                case "fleet" -> {
                    int n = HostBatches.samples(0).size();
                    lines.add(String.format(Locale.ROOT,
                            "engine alone      default rules, hosts=%s × %d samples: samples/s=%,.0f (min %,.0f max %,.0f)  ns/sample=%.1f  alloc/sample=%.1f B",
                            p.getParam("hosts"), n, perSecond * n, min * n, max * n, 1e9 / (perSecond * n), alloc / n));
                }
                default -> lines.add(String.format(Locale.ROOT,
                        "json read         %s: bytes/batch=%,d  µs/batch=%.1f (min %.1f max %.1f)  samples/s=%,.0f  alloc/sample=%.0f B",
                        name, jsonBytes, 1e6 / perSecond, 1e6 / max, 1e6 / min, perSecond * ThroughputLoad.SAMPLES,
                        alloc / ThroughputLoad.SAMPLES));
            }
        }
        lines.forEach(System.out::println);
    }

    /** Bytes allocated per operation, from the GC profiler (named with or without the "·" prefix, by JMH version). */
    private static double allocPerOp(RunResult r) {
        for (String key : List.of("gc.alloc.rate.norm", "·gc.alloc.rate.norm")) {
            Result<?> res = r.getSecondaryResults().get(key);
            if (res != null) {
                return res.getScore();
            }
        }
        return Double.NaN;
    }
}
