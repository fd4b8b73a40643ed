package io.vigil.bench;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.alert.rule.RuleEvaluator;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * JMH: {@link RuleEvaluator#evaluate} on one host's batch per operation, cycling over N hosts with
 * time moving 10 s per round (as the consumer sees them), and {@link Json#read} of one batch.
 * {@link #main} runs both with the GC profiler and prints a two-line summary.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEvaluationBench {

    /** Evaluator state for N hosts: series of breaching hosts stay pending/firing between rounds. */
    @State(Scope.Thread)
    public static class Fleet {
        @Param({"100", "1000", "5000"})
        public int hosts;

        RuleEvaluator evaluator;
        String[] names;
        List<MetricSample>[] samples;
        UUID eventId = UUID.randomUUID();
        Instant at = HostBatches.START;
        int next;

        @Setup
        @SuppressWarnings("unchecked")
        public void setUp() {
            evaluator = new RuleEvaluator(HostBatches.rules());
            names = new String[hosts];
            samples = new List[hosts];
            for (int h = 0; h < hosts; h++) {
                names[h] = HostBatches.host("host", h);
                samples[h] = HostBatches.samples(h);
            }
        }

        /** The next host's batch; a record around shared, immutable samples, so it costs ~40 B and no copying. */
        MetricBatch nextBatch() {
            int h = next;
            if (++next == hosts) {
                next = 0;
                at = at.plusSeconds(10);
            }
            return new MetricBatch(eventId, at, HostBatches.SOURCE, MetricBatch.SCHEMA_VERSION, names[h], samples[h]);
        }
    }

    /** Serialized batches as they arrive on the metrics topic. */
    @State(Scope.Thread)
    public static class Wire {
        static final int HOSTS = 100;
        String[] json = new String[HOSTS];
        int next;

        @Setup
        public void setUp() {
            for (int h = 0; h < HOSTS; h++) {
                json[h] = Json.write(HostBatches.batch(HostBatches.host("host", h), HostBatches.START, HostBatches.samples(h)));
            }
        }
    }

    @Benchmark
    public List<Transition> evaluate(Fleet fleet) {
        return fleet.evaluator.evaluate(fleet.nextBatch());
    }

    @Benchmark
    public MetricBatch jsonParse(Wire wire) {
        String json = wire.json[wire.next];
        wire.next = (wire.next + 1) % Wire.HOSTS;
        return Json.read(json, MetricBatch.class);
    }

    /** Runs the benchmarks; {@code --quick} shortens the iterations, {@code --hosts 100,1000} picks fleet sizes. */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String hosts = "100,1000,5000";
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--hosts")) {
                hosts = args[i + 1];
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(RuleEvaluationBench.class.getName() + "\\.")
                .param("hosts", hosts.split(","))
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 6)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                // A fixed heap keeps GC sizing out of the comparison between fleet sizes.
                .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dvigil.root=" + HostBatches.root())
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build()).run();

        int samplesPerBatch = HostBatches.samples(0).size();
        int jsonBytes = Json.write(HostBatches.batch(HostBatches.host("host", 0), HostBatches.START, HostBatches.samples(0)))
                .getBytes(StandardCharsets.UTF_8).length;
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            double perSecond = primary.getScore();
            double min = primary.getStatistics().getMin();
            double max = primary.getStatistics().getMax();
            double alloc = allocPerOp(r);
            if (p.getBenchmark().endsWith(".evaluate")) {
                System.out.printf(Locale.ROOT,
                        "rule evaluation   hosts=%-5s samples/batch=%d  batches/s=%,.0f (min %,.0f max %,.0f)  samples/s=%,.0f  ns/sample=%.1f  alloc/batch=%,.0f B%n",
                        p.getParam("hosts"), samplesPerBatch, perSecond, min, max, perSecond * samplesPerBatch,
                        1e9 / (perSecond * samplesPerBatch), alloc);
            } else {
                System.out.printf(Locale.ROOT,
                        "json parse        bytes/batch=%,d  µs/batch=%.1f (min %.1f max %.1f)  batches/s=%,.0f  alloc/batch=%,.0f B%n",
                        jsonBytes, 1e6 / perSecond, 1e6 / max, 1e6 / min, perSecond, alloc);
            }
        }
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
