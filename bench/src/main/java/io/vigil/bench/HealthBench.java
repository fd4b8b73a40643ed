package io.vigil.bench;

import io.vigil.config.Durations;
import io.vigil.events.HealthResult;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.support.schedule.Spread;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The packaged health-service running N HTTP checks against a local {@link TargetServer} where a
 * share answers late and a share never answers (issue 7): how late runs start (the scheduler's
 * jitter), the service's CPU in cores and its RSS, after a warm-up of one interval.
 *
 * <p>The start lag is given three ways: from the results on {@code health-results} (start =
 * {@code occurredAt - latencyMillis}, against each check's plan, see {@link StartLags}), from the
 * requests' arrival at the target (the same, seen from outside, probe's connect included), and the
 * service's own {@code vigil_check_start_lag_seconds} summary (quantiles over a decaying window of
 * about two minutes). The first two are exact percentiles over the measured window.
 *
 * <p>Figures on stdout; progress on stderr; the service's log and config in
 * {@code bench/target/health-run}.
 */
public final class HealthBench {

    private static final Pattern QUANTILE = Pattern.compile("quantile=\"([0-9.]+)\"");
    private static final Pattern STATUS = Pattern.compile("status=\"([a-z_]+)\"");

    private final Started started = new Started();
    private final Options options;
    private ChildService health;
    private HttpClient http;
    private HttpRequest metricsRequest;

    /** Command-line options. */
    record Options(int checks, String interval, String duration, String warmup, double slow, double hang, int ports,
            List<String> jvmFlags, Map<String, String> env) {

        static Options parse(String[] args) {
            int checks = 10_000;
            String interval = "60s";
            String duration = "3m";
            String warmup = null;
            double slow = 0.10;
            double hang = 0.02;
            int ports = 1;
            List<String> jvm = new ArrayList<>(ChildService.launcherFlags("health-service"));
            Map<String, String> env = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--checks" -> checks = Integer.parseInt(args[++i]);
                    case "--interval" -> interval = args[++i];
                    case "--duration" -> duration = args[++i];
                    case "--warmup" -> warmup = args[++i];
                    case "--slow" -> slow = Double.parseDouble(args[++i]);
                    case "--hang" -> hang = Double.parseDouble(args[++i]);
                    case "--ports" -> ports = Integer.parseInt(args[++i]);
                    case "--jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                    case "--env" -> {
                        String[] kv = args[++i].split("=", 2);
                        env.put(kv[0], kv[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (checks < 1 || slow < 0 || hang < 0 || slow + hang > 1 || ports < 1) {
                throw new IllegalArgumentException("need --checks ≥ 1, --ports ≥ 1, --slow and --hang ≥ 0 with a sum ≤ 1");
            }
            // Validated here, so a typo fails before anything starts; the text goes into vigil.yaml as given.
            Durations.parse(interval);
            Durations.parse(duration);
            // One interval by default: every check has run once, JIT and pools are past their first use.
            return new Options(checks, interval, duration, warmup == null ? interval : warmup, slow, hang, ports, jvm,
                    env);
        }

        Duration intervalDuration() {
            return Durations.parse(interval);
        }
    }

    /** One look at the service, the bench JVM and the machine. */
    record Sample(long nanos, Instant wall, double serviceCpu, double selfCpu, double machineBusy,
            double machineTotal, Map<String, Double> serviceThreads, Map<String, Double> metrics) {
    }

    private HealthBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HealthBench bench = new HealthBench(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(bench::closeAll, "bench-cleanup"));
        int status = 1;
        try {
            bench.run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            bench.closeAll();
        }
        // Kafka and Vert.x leave non-daemon threads behind; everything is closed by now.
        System.exit(status);
    }

    private void run() throws Exception {
        String loadAtStart = Proc.loadAverage();
        Duration interval = options.intervalDuration();
        Duration timeout = Duration.ofSeconds(10);
        Duration slowAfter = Duration.ofSeconds(5);
        Path dir = Files.createDirectories(HostBatches.root().resolve("bench/target/health-run"));
        EmbeddedKafka kafka = track(EmbeddedKafka.start());
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        EmbeddedPostgresServer postgres = track(EmbeddedPostgresServer.start());
        String database = postgres.createDatabase("vigil");
        TargetServer target = track(TargetServer.start(options.ports(), slowAfter));

        int n = options.checks();
        TargetServer.Behaviour[] behaviour = behaviours(n, options.slow(), options.hang());
        long[] offsetNanos = new long[n];
        StringBuilder yaml = new StringBuilder("# Written by HealthBench; overwritten by the next run.\nchecks:\n");
        for (int i = 0; i < n; i++) {
            String name = checkName(i);
            offsetNanos[i] = Spread.offset(name, interval).toNanos();
            yaml.append("  - {name: ").append(name).append(", type: http, url: '").append(target.url(behaviour[i], i))
                    .append("', interval: ").append(options.interval()).append(", timeout: 10s}\n");
        }
        Path config = Files.writeString(dir.resolve("vigil.yaml"), yaml);

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("VIGIL_CONFIG_FILE", config.toString());
        env.putAll(postgres.datasourceEnvironment(database));
        // The checks' targets are on loopback, which the SSRF guard refuses unless told (./vigil up tells it too).
        env.put("HEALTH_ALLOW_PRIVATE_TARGETS", "true");
        // The API needs an OIDC verifier to start; nothing here calls it, so a throwaway key does.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        env.put("QUARKUS_OIDC_PUBLIC_KEY", Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-bench");
        env.putAll(options.env());

        ResultReader results = track(new ResultReader(kafka.bootstrapServers()));
        results.start();
        Files.deleteIfExists(dir.resolve("health-service.log"));
        health = track(ChildService.start("health-service", options.jvmFlags(), env, dir));
        double startup = health.awaitReady(Duration.ofSeconds(180));
        double rssReady = Proc.rssMb(health.pid());
        log("health-service ready in %.1f s (pid %d, flags %s); its log: %s", startup, health.pid(),
                options.jvmFlags(), dir.resolve("health-service.log"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        metricsRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build();

        Duration warmup = Durations.parse(options.warmup());
        log("warm-up: %s", options.warmup());
        watch(warmup, null, target);

        Sample begin = sample();
        List<double[]> rss = new ArrayList<>();
        List<Map<String, Double>> scrapes = new ArrayList<>();
        int maxOpen = watch(Durations.parse(options.duration()), new Watch(rss, scrapes), target);
        Sample end = sample();
        double rssEnd = Proc.rssMb(health.pid());
        int openAtEnd = target.openConnections();
        // Runs that started in the window but end after it (a hanging target: the timeout) still count.
        Duration drain = timeout.plusSeconds(3);
        log("window over; waiting %s for the results of runs started in it", drain);
        watch(drain, null, target);
        results.close();
        if (results.failure.get() != null) {
            throw new IllegalStateException("reading " + Topics.HEALTH_RESULTS + " failed", results.failure.get());
        }

        report(startup, loadAtStart, begin, end, rssReady, rss, rssEnd, scrapes, results, target, behaviour,
                offsetNanos, interval, maxOpen, openAtEnd);
    }

    /**
     * Waits {@code duration}, noticing a crashed service at once; with a {@link Watch}, samples RSS
     * every second and the service's metrics every 5 s. Returns the most target connections open.
     */
    private int watch(Duration duration, Watch watch, TargetServer target) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        int maxOpen = 0;
        long nextScrape = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!health.isAlive()) {
                throw new IllegalStateException("health-service exited; end of its log:\n" + health.tail());
            }
            maxOpen = Math.max(maxOpen, target.openConnections());
            if (watch != null) {
                watch.rss.add(new double[] {System.nanoTime(), Proc.rssMb(health.pid())});
                if (System.nanoTime() >= nextScrape) {
                    watch.scrapes.add(scrape());
                    nextScrape += Duration.ofSeconds(5).toNanos();
                }
            }
            Thread.sleep(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return maxOpen;
    }

    /** What {@link #watch} collects during the measured window. */
    private record Watch(List<double[]> rss, List<Map<String, Double>> scrapes) {
    }

    private Sample sample() {
        double[] m = Proc.machineSeconds();
        return new Sample(System.nanoTime(), Instant.now(), Proc.cpuSeconds(health.pid()),
                Proc.cpuSeconds(ProcessHandle.current().pid()), m[0], m[1], Proc.cpuByThread(health.pid()), scrape());
    }

    /** The service's /q/metrics as {@code name{labels}} → value (the lines Vigil's meters write). */
    private Map<String, Double> scrape() {
        Map<String, Double> values = new TreeMap<>();
        try {
            HttpResponse<InputStream> r = http.send(metricsRequest, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("vigil_")) {
                        int space = line.lastIndexOf(' ');
                        values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            log("scraping /q/metrics failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    // ---- the load ---------------------------------------------------------------------------------

    /**
     * Which check hangs, answers slowly or at once: each share is handed out evenly over the checks
     * (check i is the next hanging one once fewer than {@code floor((i+1)·hang)} hang so far, the same
     * for slow), so any prefix has about the same mix and the totals are the shares of n.
     */
    static TargetServer.Behaviour[] behaviours(int n, double slow, double hang) {
        TargetServer.Behaviour[] b = new TargetServer.Behaviour[n];
        int hanging = 0;
        int slowOnes = 0;
        for (int i = 0; i < n; i++) {
            if (hanging < share(i + 1, hang)) {
                b[i] = TargetServer.Behaviour.HANG;
                hanging++;
            } else if (slowOnes < share(i + 1, slow)) {
                b[i] = TargetServer.Behaviour.SLOW;
                slowOnes++;
            } else {
                b[i] = TargetServer.Behaviour.OK;
            }
        }
        return b;
    }

    /** How many of the first {@code count} checks get a share; the nudge keeps 0.1 × 10,000 from flooring to 999. */
    private static long share(int count, double fraction) {
        return (long) Math.floor(count * fraction + 1e-9);
    }

    static String checkName(int i) {
        return String.format(Locale.ROOT, "c%05d", i);
    }

    private static int checkIndex(String name) {
        return Integer.parseInt(name.substring(1));
    }

    // ---- results on health-results ----------------------------------------------------------------

    /** Reads {@code health-results} from the beginning on its own thread: when each run started, by check. */
    private static final class ResultReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        final AtomicReference<Exception> failure = new AtomicReference<>();
        // [check, start in epoch nanoseconds, status ordinal] per result, flattened; guarded by this.
        private long[] runs = new long[3 << 14];
        private int count;

        ResultReader(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
            // Assigned, not subscribed: no group, no rebalance to wait for.
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.HEALTH_RESULTS)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::loop, "bench-health-results");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        HealthResult result = Json.read(r.value(), HealthResult.class);
                        Instant at = result.occurredAt();
                        // occurredAt is stamped when the run ended; its latency says how long it took.
                        long start = at.getEpochSecond() * 1_000_000_000L + at.getNano() - result.latencyMillis() * 1_000_000L;
                        add(checkIndex(result.checkId()), start, result.status().ordinal());
                    }
                }
            } catch (Exception e) {
                failure.set(e);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        private synchronized void add(int check, long start, int status) {
            if (count * 3 + 3 > runs.length) {
                runs = Arrays.copyOf(runs, runs.length * 2);
            }
            runs[count * 3] = check;
            runs[count * 3 + 1] = start;
            runs[count * 3 + 2] = status;
            count++;
        }

        synchronized int count() {
            return count;
        }

        synchronized long[] runs() {
            return Arrays.copyOf(runs, count * 3);
        }

        @Override
        public void close() throws InterruptedException {
            if (running) {
                running = false;
                thread.join(10_000);
            }
        }
    }

    // ---- reporting --------------------------------------------------------------------------------

    private void report(double startup, String loadAtStart, Sample begin, Sample end, double rssReady,
            List<double[]> rss, double rssEnd, List<Map<String, Double>> scrapes, ResultReader results,
            TargetServer target, TargetServer.Behaviour[] behaviour, long[] offsetNanos, Duration interval,
            int maxOpen, int openAtEnd) {
        double seconds = (end.nanos - begin.nanos) / 1e9;
        long intervalNanos = interval.toNanos();
        int n = behaviour.length;
        double expected = n * seconds / (intervalNanos / 1e9);
        long[] kinds = new long[3];
        for (TargetServer.Behaviour b : behaviour) {
            kinds[b.ordinal()]++;
        }

        // Runs started in the window, as the results tell it.
        long windowStart = epochNanos(begin.wall);
        long windowEnd = epochNanos(end.wall);
        long[] all = results.runs();
        int resultCount = all.length / 3;
        int[] resultCheck = new int[resultCount];
        long[] resultStart = new long[resultCount];
        boolean[] resultCounted = new boolean[resultCount];
        int inWindow = 0;
        long[] byStatus = new long[io.vigil.events.HealthStatus.values().length];
        for (int i = 0; i < resultCount; i++) {
            resultCheck[i] = (int) all[3 * i];
            resultStart[i] = all[3 * i + 1];
            resultCounted[i] = resultStart[i] >= windowStart && resultStart[i] < windowEnd;
            if (resultCounted[i]) {
                inWindow++;
                byStatus[(int) all[3 * i + 2]]++;
            }
        }
        StartLags.Lags resultLags = StartLags.of(resultCheck, resultStart, resultCounted, offsetNanos, intervalNanos);

        // Requests that reached the target, the window's counted.
        long[] arrivals = target.arrivals();
        int arrivalCount = arrivals.length / 2;
        int[] arrivalCheck = new int[arrivalCount];
        long[] arrivalTime = new long[arrivalCount];
        boolean[] arrivalCounted = new boolean[arrivalCount];
        int arrived = 0;
        long[] arrivedByKind = new long[3];
        for (int i = 0; i < arrivalCount; i++) {
            arrivalCheck[i] = (int) arrivals[2 * i];
            arrivalTime[i] = arrivals[2 * i + 1];
            arrivalCounted[i] = arrivalTime[i] >= begin.nanos && arrivalTime[i] < end.nanos;
            if (arrivalCounted[i]) {
                arrived++;
                arrivedByKind[behaviour[arrivalCheck[i]].ordinal()]++;
            }
        }
        StartLags.Lags arrivalLags = StartLags.of(arrivalCheck, arrivalTime, arrivalCounted, offsetNanos, intervalNanos);
        log("checks' references (earliest phase per check) spread over %s from results, %s at the target",
                ms(resultLags.referenceSpreadSeconds()), ms(arrivalLags.referenceSpreadSeconds()));

        Map<String, Double> m0 = begin.metrics;
        Map<String, Double> m1 = end.metrics;
        double lagCount = sum(m1, "vigil_check_start_lag_seconds_count") - sum(m0, "vigil_check_start_lag_seconds_count");
        double lagSum = sum(m1, "vigil_check_start_lag_seconds_sum") - sum(m0, "vigil_check_start_lag_seconds_sum");
        double skipped = sum(m1, "vigil_check_runs_skipped_total") - sum(m0, "vigil_check_runs_skipped_total");
        Map<String, Double> statusDelta = byLabel(m1, "vigil_checks_total", STATUS);
        byLabel(m0, "vigil_checks_total", STATUS).forEach((k, v) -> statusDelta.merge(k, -v, Double::sum));
        double worstP99 = scrapes.stream().mapToDouble(s -> quantile(s, "0.99")).filter(v -> !Double.isNaN(v))
                .max().orElse(Double.NaN);
        double worstP50 = scrapes.stream().mapToDouble(s -> quantile(s, "0.5")).filter(v -> !Double.isNaN(v))
                .max().orElse(Double.NaN);

        double serviceCpu = end.serviceCpu - begin.serviceCpu;
        double selfCpu = end.selfCpu - begin.selfCpu;
        double busy = end.machineBusy - begin.machineBusy;
        double capacity = end.machineTotal - begin.machineTotal;
        Map<String, Double> threads = new TreeMap<>(end.serviceThreads);
        threads.replaceAll((role, s) -> s - begin.serviceThreads.getOrDefault(role, 0.0));
        double rssMax = rss.stream().mapToDouble(r -> r[1]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);

        System.out.printf(Locale.ROOT, "load              %,d http checks every %s, timeout 10s, at 127.0.0.1 (%d port%s): %,d answer at once, %,d after 5 s, %,d never%n",
                n, options.interval(), target.portCount(), target.portCount() == 1 ? "" : "s", kinds[0], kinds[1], kinds[2]);
        System.out.printf(Locale.ROOT, "health-service    JVM flags %s, ready in %.1f s%s; warm-up %s, then measured over %.0f s%n",
                String.join(" ", options.jvmFlags()), startup, options.env().isEmpty() ? "" : ", env " + options.env(),
                options.warmup(), seconds);
        System.out.printf(Locale.ROOT, "runs              expected %,.0f in the window (%.1f/s); started, by their results on %s: %,d (%.1f/s; %s); skipped (previous run not done) %,.0f%n",
                expected, expected / seconds, Topics.HEALTH_RESULTS, inWindow, inWindow / seconds,
                statusText(byStatus), skipped);
        System.out.printf(Locale.ROOT, "                  service's count (vigil_checks_total): %s; runs started (start-lag count) %,.0f%n",
                statusDelta.isEmpty() ? "none" : statusDelta.toString(), lagCount);
        if (arrived == 0) {
            System.out.printf(Locale.ROOT, "  target          NO request reached the target (%,d in all): this checkout's probe does not connect (the placeholder Probes answers DOWN at once); the figures are the scheduler and result path alone%n",
                    arrivals.length / 2);
        } else {
            System.out.printf(Locale.ROOT, "  target          %,d requests in the window (%.1f/s; ok %,d, slow %,d, hang %,d); connections open at most %,d, %,d at the window's end; unknown paths %d%n",
                    arrived, arrived / seconds, arrivedByKind[0], arrivedByKind[1], arrivedByKind[2], maxOpen,
                    openAtEnd, target.unknownRequests());
        }
        System.out.printf(Locale.ROOT, "start lag         from results (start = occurredAt − latency, vs the check's earliest phase): %s%n",
                lagText(resultLags.sortedSeconds()));
        System.out.printf(Locale.ROOT, "                  from requests arriving at the target (probe's connect included): %s%n",
                arrived == 0 ? "none arrived" : lagText(arrivalLags.sortedSeconds()));
        System.out.printf(Locale.ROOT, "                  service's vigil_check_start_lag_seconds (decaying ~2 min window): p50=%s p99=%s at the end, worst p50=%s p99=%s of %d scrapes; mean over the window %s%n",
                ms(quantile(m1, "0.5")), ms(quantile(m1, "0.99")), ms(worstP50), ms(worstP99), scrapes.size(),
                lagCount > 0 ? ms(lagSum / lagCount) : "n/a");
        System.out.printf(Locale.ROOT, "CPU               health-service %.3f cores (%.1f core-s over %.0f s); bench JVM (broker, target, reader) %.3f cores; machine busy %.0f %% of %d cores (others %.2f cores)%n",
                serviceCpu / seconds, serviceCpu, seconds, selfCpu / seconds, 100 * busy / capacity,
                Runtime.getRuntime().availableProcessors(), (busy - serviceCpu - selfCpu) / seconds);
        StringBuilder roles = new StringBuilder();
        threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> roles.append(String.format(Locale.ROOT, "  %s %.1f", e.getKey(), e.getValue())));
        System.out.printf(Locale.ROOT, "  CPU by thread   (core-s)%s%n", roles);
        System.out.printf(Locale.ROOT, "memory (RSS)      health-service %.0f MB at ready, max %.0f MB in the window, %.0f MB at its end%n",
                rssReady, rssMax, rssEnd);
        double p99 = (arrived > 0 ? arrivalLags : resultLags).percentile(99);
        System.out.printf(Locale.ROOT, "goal              start lag p99 ≤ 1 s: %s (%s, %s); CPU < 0.5 core: %s (%.3f)%n",
                Double.isNaN(p99) ? "n/a" : p99 <= 1.0 ? "yes" : "NO", ms(p99),
                arrived > 0 ? "at the target" : "from results", serviceCpu / seconds < 0.5 ? "yes" : "NO",
                serviceCpu / seconds);
        System.out.printf(Locale.ROOT, "load average      %s at start, %s at end (1/5/15 min)%n", loadAtStart, Proc.loadAverage());
    }

    private static String lagText(double[] sorted) {
        if (sorted.length == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50=%s p90=%s p99=%s p99.9=%s max=%s (n=%,d)",
                ms(StartLags.percentile(sorted, 50)), ms(StartLags.percentile(sorted, 90)),
                ms(StartLags.percentile(sorted, 99)), ms(StartLags.percentile(sorted, 99.9)),
                ms(sorted[sorted.length - 1]), sorted.length);
    }

    private static String statusText(long[] byStatus) {
        StringBuilder s = new StringBuilder();
        for (io.vigil.events.HealthStatus status : io.vigil.events.HealthStatus.values()) {
            if (byStatus[status.ordinal()] > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(status.label()).append(' ')
                        .append(String.format(Locale.ROOT, "%,d", byStatus[status.ordinal()]));
            }
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    private static String ms(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The summary's quantile from a scrape, NaN when absent. */
    private static double quantile(Map<String, Double> scrape, String q) {
        for (Map.Entry<String, Double> e : scrape.entrySet()) {
            if (e.getKey().startsWith("vigil_check_start_lag_seconds{")) {
                Matcher m = QUANTILE.matcher(e.getKey());
                if (m.find() && Double.parseDouble(m.group(1)) == Double.parseDouble(q)) {
                    return e.getValue();
                }
            }
        }
        return Double.NaN;
    }

    /** All series of a meter added up, whatever their labels. */
    private static double sum(Map<String, Double> scrape, String name) {
        return scrape.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static Map<String, Double> byLabel(Map<String, Double> scrape, String name, Pattern label) {
        Map<String, Double> by = new TreeMap<>();
        for (Map.Entry<String, Double> e : scrape.entrySet()) {
            if (e.getKey().startsWith(name + "{")) {
                Matcher m = label.matcher(e.getKey());
                by.merge(m.find() ? m.group(1) : "?", e.getValue(), Double::sum);
            }
        }
        return by;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    private <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }

    private void closeAll() {
        started.closeAll();
    }
}
