package io.vigil.bench;

import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end throughput of the packaged alert-service on the load ({@link ThroughputLoad}:
 * 1,000 hosts × 50 samples per record, 1,000 threshold rules plus trend and absence rules, nothing
 * breached), with the broker (in this JVM), PostgreSQL and one producer on the same cores:
 * <ol>
 * <li>flood: one producer writes N records as fast as it can; the service's consumption is read
 *     from its {@code vigil_metric_batches_total} counters, while the producer writes and while it
 *     drains what is left; CPU seconds and RSS of the service alongside;</li>
 * <li>burst: a steady fleet (1,000 hosts ticking every second) plus a burst of records at once;
 *     the time lag (age of the oldest record not yet evaluated) over time, and how long after the
 *     burst it is back under 2 s;</li>
 * <li>raw: a plain {@link KafkaConsumer} with the service's consumer settings reads the flood's
 *     records again: the broker's and client's ceiling on this machine.</li>
 * </ol>
 * Figures on stdout; progress on stderr; the service's log in {@code bench/target/throughput-run}.
 */
public final class ThroughputBench {

    private static final int MAX_RECORDS = 4_000_000;
    private static final double LAG_GOAL_SECONDS = 2.0;
    private static final String ALERT_PROPERTIES = "alert-service/src/main/resources/application.properties";

    private final Started started = new Started();
    private final Options options;
    private KafkaProducer<String, byte[]> producer;
    private final ThroughputLoad.Wire wire = new ThroughputLoad.Wire();
    private final String[] keys = new String[ThroughputLoad.HOSTS];
    /** When each record (by offset; one partition) was handed to the producer, System.nanoTime(). */
    private final long[] sentAt = new long[MAX_RECORDS];
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong ackedBytes = new AtomicLong();
    private final AtomicReference<Exception> produceFailure = new AtomicReference<>();
    private long sent;
    private int nextHost;
    private byte[] stamp;
    private ChildService alert;
    private HttpClient http;
    private HttpRequest metricsRequest;

    /** Command-line options. */
    record Options(int records, int burst, int steady, int warmup, int hog, boolean jfr, List<String> jvmFlags,
            Map<String, String> env) {

        static Options parse(String[] args) {
            int records = 150_000;
            int burst = 30_000;
            int steady = 1_000;
            int warmup = 100_000;
            boolean jfr = false;
            int hog = 0;
            List<String> jvm = new ArrayList<>(ChildService.launcherFlags("alert-service"));
            Map<String, String> env = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--records" -> records = Integer.parseInt(args[++i]);
                    case "--burst" -> burst = Integer.parseInt(args[++i]);
                    case "--steady" -> steady = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--jfr" -> jfr = true;
                    case "--hog" -> hog = Integer.parseInt(args[++i]);
                    case "--jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                    case "--env" -> {
                        String[] kv = args[++i].split("=", 2);
                        env.put(kv[0], kv[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Options(records, burst, steady, warmup, hog, jfr, jvm, env);
        }
    }

    /** One look at the service and the machine. */
    record Sample(long nanos, long acked, long consumed, double rssMb, double serviceCpu, double selfCpu,
            double machineBusy, double machineTotal) {
    }

    private ThroughputBench(Options options) {
        this.options = options;
        for (int h = 0; h < keys.length; h++) {
            keys[h] = ThroughputLoad.host(h);
        }
    }

    public static void main(String[] args) throws Exception {
        ThroughputBench bench = new ThroughputBench(Options.parse(args));
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
        System.exit(status);
    }

    private void run() throws Exception {
        String loadAtStart = Proc.loadAverage();
        Path dir = Files.createDirectories(HostBatches.root().resolve("bench/target/throughput-run"));
        EmbeddedKafka kafka = track(EmbeddedKafka.start());
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        EmbeddedPostgresServer postgres = track(EmbeddedPostgresServer.start());
        String database = postgres.createDatabase("vigil");
        Path config = Files.writeString(dir.resolve("vigil.yaml"), ThroughputLoad.rulesYaml());

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("VIGIL_CONFIG_FILE", config.toString());
        env.putAll(postgres.datasourceEnvironment(database));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        env.put("QUARKUS_OIDC_PUBLIC_KEY", Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-bench");
        env.putAll(options.env());
        Files.deleteIfExists(dir.resolve("alert-service.log"));
        List<String> flags = new ArrayList<>(options.jvmFlags());
        if (options.jfr()) {
            // Without it JFR attributes a sample to the nearest safepoint's method and line, which in
            // inlined code is often another method (HashMap.getTreeNode for a String lookup, say).
            flags.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
        }
        alert = track(ChildService.start("alert-service", flags, env, dir));
        double startup = alert.awaitReady(Duration.ofSeconds(180));
        log("alert-service ready in %.1f s (pid %d, flags %s); its log: %s", startup, alert.pid(), flags,
                dir.resolve("alert-service.log"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        metricsRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alert.port() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();

        producer = track(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                // As the collectors publish (DESIGN §7), batched for a flood.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024), new StringSerializer(), new ByteArraySerializer()));

        // Someone else's build on the same cores, made repeatable: busy loops in processes of their own.
        for (int i = 0; i < options.hog(); i++) {
            Process hog = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
            track(hog::destroyForcibly);
        }
        // Warm-up, not reported: JIT, pools, the absence rules' first sight of every host (stored once).
        long t0 = System.nanoTime();
        flood(options.warmup());
        awaitDrained(Duration.ofMinutes(3));
        log("warm-up: %,d records consumed in %.1f s", options.warmup(), (System.nanoTime() - t0) / 1e9);

        // 1. Flood.
        Sampler sampler = new Sampler(Duration.ofMillis(250));
        sampler.start();
        Path jfr = dir.resolve("alert-service.jfr");
        if (options.jfr()) {
            jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
        }
        long floodFirst = sent;
        long batchesBefore = scrape()[1];
        Map<String, Double> threadsBefore = Proc.cpuByThread(alert.pid());
        Sample floodStart = sampler.now();
        flood(options.records());
        Sample floodEnd = sampler.now();
        double producerSeconds = (floodEnd.nanos - floodStart.nanos) / 1e9;
        log("flood: %,d records produced in %.1f s; draining", options.records(), producerSeconds);
        boolean drained = awaitDrained(Duration.ofMinutes(5));
        Sample drainEnd = sampler.now();
        long kafkaBatches = scrape()[1] - batchesBefore;
        Map<String, Double> threadCpu = new java.util.TreeMap<>(Proc.cpuByThread(alert.pid()));
        threadCpu.replaceAll((role, seconds) -> seconds - threadsBefore.getOrDefault(role, 0.0));
        String memory = options.jvmFlags().stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))
                ? jcmd("VM.native_memory", "summary") : null;
        if (options.jfr()) {
            jcmd("JFR.stop", "name=bench");
        }
        sampler.stop();
        double rssMax = sampler.maxRss(floodStart.nanos, drainEnd.nanos);

        // 2. Steady fleet plus a burst.
        Sampler lagSampler = new Sampler(Duration.ofMillis(100));
        lagSampler.start();
        double[] burst = burst(lagSampler);
        lagSampler.stop();
        double rssAfter = Proc.rssMb(alert.pid());

        // 3. The same records, read by a plain consumer.
        double[] raw = rawRead(kafka.bootstrapServers(), floodFirst, floodFirst + options.records());

        report(startup, loadAtStart, floodStart, floodEnd, drainEnd, drained, producerSeconds, kafkaBatches, threadCpu,
                rssMax, rssAfter, burst, raw, options.jfr() ? jfr : null);
        if (memory != null) {
            printNativeMemory(memory);
        }
    }

    // ---- producing --------------------------------------------------------------------------------

    /** Hands one record of the next host to the producer; every round of all hosts is stamped with the time it starts. */
    private void sendOne() {
        int h = nextHost;
        if (h == 0 || stamp == null) {
            stamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] value = wire.record(h, new UUID(sent, h), stamp);
        long at = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.METRICS, 0, keys[h], value), (md, e) -> {
            if (e != null) {
                produceFailure.compareAndSet(null, e);
                return;
            }
            if (md.offset() < MAX_RECORDS) {
                sentAt[(int) md.offset()] = at;
            }
            ackedBytes.addAndGet(md.serializedKeySize() + md.serializedValueSize());
            acked.incrementAndGet();
        });
        sent++;
        nextHost = (h + 1) % ThroughputLoad.HOSTS;
    }

    private void flood(int records) {
        if (sent + records > MAX_RECORDS) {
            throw new IllegalArgumentException("at most " + MAX_RECORDS + " records per run");
        }
        for (int i = 0; i < records; i++) {
            sendOne();
        }
        producer.flush();
        checkProducer();
    }

    private void checkProducer() {
        if (produceFailure.get() != null) {
            throw new IllegalStateException("producing failed", produceFailure.get());
        }
    }

    /**
     * {@code steady} records/s for 3 s, then {@code burst} records at once on top, the steady flow
     * going on; returns [burst seconds to produce, peak lag s, seconds after the burst until the lag
     * stayed under 2 s (NaN: never within the phase), steady records/s achieved].
     */
    private double[] burst(Sampler sampler) throws InterruptedException {
        int burst = options.burst();
        int steady = options.steady();
        long start = System.nanoTime();
        long base = sent;
        long burstAt = start + Duration.ofSeconds(3).toNanos();
        long burstProduced = -1;
        long calmSince = -1;
        long deadline = burstAt + Duration.ofSeconds(120).toNanos();
        while (true) {
            long now = System.nanoTime();
            long due = (long) ((now - start) / 1e9 * steady) + (now >= burstAt ? burst : 0);
            if (sent - base < due) {
                sendOne();
                continue;
            }
            if (now >= burstAt && burstProduced < 0) {
                burstProduced = now;
            }
            if (burstProduced > 0) {
                double lag = sampler.lagSeconds(sampler.last());
                if (lag < LAG_GOAL_SECONDS) {
                    calmSince = calmSince < 0 ? now : calmSince;
                } else {
                    calmSince = -1;
                }
                // Back under the goal and stayed there for 3 s: done.
                if (calmSince > 0 && now - calmSince > Duration.ofSeconds(3).toNanos()
                        && now - burstProduced > Duration.ofSeconds(3).toNanos()) {
                    break;
                }
                if (now > deadline) {
                    break;
                }
            }
            Thread.sleep(1);
        }
        producer.flush();
        checkProducer();
        long end = System.nanoTime();
        double peak = 0;
        double recovered = Double.NaN;
        for (Sample s : sampler.between(burstAt, end)) {
            double lag = sampler.lagSeconds(s);
            peak = Math.max(peak, lag);
            if (s.nanos >= burstProduced) {
                if (lag >= LAG_GOAL_SECONDS) {
                    recovered = Double.NaN;
                } else if (Double.isNaN(recovered)) {
                    recovered = Math.max(0, (s.nanos - burstProduced) / 1e9);
                }
            }
        }
        double steadyRate = (sent - base - burst) / ((end - start) / 1e9);
        return new double[] {(burstProduced - burstAt) / 1e9, peak, recovered, steadyRate};
    }

    // ---- consuming --------------------------------------------------------------------------------

    /** Records the service has taken through the pipeline: every outcome of vigil_metric_batches_total. */
    private long consumed() {
        return scrape()[0];
    }

    /**
     * From the service's /q/metrics: [records through the pipeline (every outcome of
     * vigil_metric_batches_total), Kafka batches evaluated (vigil_rule_evaluation_seconds_count)];
     * -1 each when the service does not answer.
     */
    private long[] scrape() {
        try {
            HttpResponse<InputStream> r = http.send(metricsRequest, HttpResponse.BodyHandlers.ofInputStream());
            long records = 0;
            long batches = 0;
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("vigil_metric_batches_total{")) {
                        records += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    } else if (line.startsWith("vigil_rule_evaluation_seconds_count")) {
                        batches += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            return new long[] {records, batches};
        } catch (IOException e) {
            return new long[] {-1, -1};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {-1, -1};
        }
    }

    private boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (consumed() >= acked.get()) {
                return true;
            }
            if (!alert.isAlive()) {
                throw new IllegalStateException("alert-service exited; end of its log:\n" + alert.tail());
            }
            Thread.sleep(50);
        }
        log("not drained after %s: consumed %,d of %,d", timeout, consumed(), acked.get());
        return false;
    }

    /**
     * A plain consumer with the service's consumer settings reads [from, to) of {@code metrics}:
     * returns [records, bytes, seconds].
     */
    private double[] rawRead(String bootstrap, long from, long to) throws IOException {
        Map<String, Object> config = new HashMap<>(serviceConsumerSettings());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition tp = new TopicPartition(Topics.METRICS, 0);
        long records = 0;
        long bytes = 0;
        long start;
        long end;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            start = System.nanoTime();
            long position = from;
            while (position < to) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofSeconds(5));
                for (ConsumerRecord<String, String> r : polled) {
                    if (r.offset() < to) {
                        records++;
                        bytes += r.serializedKeySize() + r.serializedValueSize();
                    }
                    position = r.offset() + 1;
                }
                if (polled.isEmpty()) {
                    break;
                }
            }
            end = System.nanoTime();
        }
        log("raw consumer settings: %s", config);
        return new double[] {records, bytes, (end - start) / 1e9};
    }

    /** The consumer settings of the service's {@code metrics} channel that a plain KafkaConsumer understands too. */
    private static Map<String, Object> serviceConsumerSettings() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(HostBatches.root().resolve(ALERT_PROPERTIES))) {
            p.load(in);
        }
        String prefix = "mp.messaging.incoming.metrics.";
        List<String> skip = List.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        Map<String, Object> settings = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String name = key.substring(prefix.length());
                if (ConsumerConfig.configNames().contains(name) && !skip.contains(name)) {
                    settings.put(name, p.getProperty(key));
                }
            }
        }
        return settings;
    }

    // ---- observing --------------------------------------------------------------------------------

    /** Samples the service and the machine on its own thread. */
    private final class Sampler {
        private final Duration every;
        private final List<Sample> samples = new ArrayList<>();
        private volatile boolean running = true;
        private final Thread thread;

        Sampler(Duration every) {
            this.every = every;
            this.thread = new Thread(this::loop, "bench-sampler");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void loop() {
            while (running) {
                Sample s = now();
                synchronized (samples) {
                    samples.add(s);
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Sample now() {
            long a = acked.get();
            long c = consumed();
            double[] m = Proc.machineSeconds();
            return new Sample(System.nanoTime(), a, c, Proc.rssMb(alert.pid()), Proc.cpuSeconds(alert.pid()),
                    Proc.cpuSeconds(ProcessHandle.current().pid()), m[0], m[1]);
        }

        Sample last() {
            synchronized (samples) {
                return samples.isEmpty() ? now() : samples.get(samples.size() - 1);
            }
        }

        List<Sample> between(long from, long to) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.nanos >= from && s.nanos <= to).toList();
            }
        }

        double maxRss(long from, long to) {
            return between(from, to).stream().mapToDouble(Sample::rssMb).max().orElse(Double.NaN);
        }

        /** Age of the oldest record not yet evaluated at the time of the sample; 0 when caught up. */
        double lagSeconds(Sample s) {
            if (s.consumed < 0 || s.consumed >= s.acked || s.consumed >= MAX_RECORDS) {
                return 0;
            }
            long at = sentAt[(int) s.consumed];
            return at == 0 ? 0 : Math.max(0, (s.nanos - at) / 1e9);
        }
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        return Jcmd.run(alert.pid(), command);
    }

    // ---- reporting --------------------------------------------------------------------------------

    private void report(double startup, String loadAtStart, Sample floodStart, Sample floodEnd, Sample drainEnd,
            boolean drained, double producerSeconds, long kafkaBatches, Map<String, Double> threadCpu, double rssMax,
            double rssAfter, double[] burst, double[] raw, Path jfr) {
        int perRecord = (int) (ackedBytes.get() / Math.max(1, acked.get()));
        int n = ThroughputLoad.SAMPLES;
        long records = options.records();
        double whileProducing = (floodEnd.consumed - floodStart.consumed) / producerSeconds;
        double drainSeconds = (drainEnd.nanos - floodEnd.nanos) / 1e9;
        double drainRate = (drainEnd.consumed - floodEnd.consumed) / drainSeconds;
        double totalSeconds = (drainEnd.nanos - floodStart.nanos) / 1e9;
        double overall = (drainEnd.consumed - floodStart.consumed) / totalSeconds;
        double serviceCpu = drainEnd.serviceCpu - floodStart.serviceCpu;
        double selfCpu = drainEnd.selfCpu - floodStart.selfCpu;
        double busy = drainEnd.machineBusy - floodStart.machineBusy;
        double capacity = drainEnd.machineTotal - floodStart.machineTotal;
        long consumedSamples = (drainEnd.consumed - floodStart.consumed) * n;

        System.out.printf(Locale.ROOT, "load              %,d hosts × %d samples per record (%,d B), %d rules (1,000 threshold, 5 trend, 2 absence), nothing breached%n",
                ThroughputLoad.HOSTS, n, perRecord, ThroughputLoad.rules().size());
        System.out.printf(Locale.ROOT, "alert-service     JVM flags %s, ready in %.1f s; consumer settings as in application.properties%s%s%n",
                String.join(" ", options.jvmFlags()), startup, options.env().isEmpty() ? "" : " + env " + options.env(),
                options.hog() == 0 ? "" : "; " + options.hog() + " busy-looping process(es) compete for the cores");
        System.out.printf(Locale.ROOT, "flood             producer: %,d records in %.1f s = %,.0f records/s = %,.0f samples/s, %.1f MB/s%n",
                records, producerSeconds, records / producerSeconds, records * n / producerSeconds,
                records * perRecord / producerSeconds / 1e6);
        System.out.printf(Locale.ROOT, "  alert-service   while producing: %s%n", rate(whileProducing, perRecord));
        System.out.printf(Locale.ROOT, "                  draining after:  %s  (%.1f s%s)%n", rate(drainRate, perRecord),
                drainSeconds, drained ? "" : ", NOT drained");
        System.out.printf(Locale.ROOT, "                  overall:         %s  (%,d records in %.1f s, %,d Kafka batches of %.0f records on average)%n",
                rate(overall, perRecord), drainEnd.consumed - floodStart.consumed, totalSeconds, kafkaBatches,
                (drainEnd.consumed - floodStart.consumed) / (double) Math.max(1, kafkaBatches));
        double jit = threadCpu.getOrDefault("JIT", 0.0);
        System.out.printf(Locale.ROOT, "  CPU             alert-service %.2f core-s = %.2f µs/sample (%.2f without the JIT compiler's share); bench JVM (broker+producer) %.1f core-s; machine busy %.0f %% of %d cores (others %.1f core-s)%n",
                serviceCpu, serviceCpu / consumedSamples * 1e6, (serviceCpu - jit) / consumedSamples * 1e6, selfCpu,
                100 * busy / capacity, Runtime.getRuntime().availableProcessors(), busy - serviceCpu - selfCpu);
        StringBuilder roles = new StringBuilder();
        threadCpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> roles.append(String.format(Locale.ROOT, "  %s %.2f", e.getKey(), e.getValue())));
        System.out.printf(Locale.ROOT, "  CPU by thread   (core-s)%s%n", roles);
        System.out.printf(Locale.ROOT, "  memory (RSS)    alert-service max %.0f MB under load, %.0f MB after the run%n", rssMax, rssAfter);
        System.out.printf(Locale.ROOT, "burst             steady %,.0f records/s (%,.0f samples/s) + %,d records (%,d samples) produced in %.1f s: lag peak %.1f s, under %.0f s again %s after the burst%n",
                burst[3], burst[3] * n, options.burst(), (long) options.burst() * n, burst[0], burst[1], LAG_GOAL_SECONDS,
                Double.isNaN(burst[2]) ? "NOT within 120 s" : String.format(Locale.ROOT, "%.1f s", burst[2]));
        System.out.printf(Locale.ROOT, "raw consumer      plain KafkaConsumer, same settings, same %,d records: %s  (%.1f s)%n",
                (long) raw[0], rate(raw[0] / raw[2], raw[1] / raw[0]), raw[2]);
        System.out.printf(Locale.ROOT, "load average      %s at start, %s at end (1/5/15 min)%n", loadAtStart, Proc.loadAverage());
        if (jfr != null) {
            System.out.printf(Locale.ROOT, "profile           %s (flood and drain); summary: bench/run profile%n", jfr);
        }
    }

    /**
     * With {@code --jvm "... -XX:NativeMemoryTracking=summary"}: where the service's committed memory
     * went at the end of the flood (the JVM's view; RSS is what of it is resident).
     */
    private static void printNativeMemory(String summary) {
        System.out.printf(Locale.ROOT, "  committed (NMT) %s%n", Jcmd.nativeMemoryLine(summary));
    }

    private static String rate(double recordsPerSecond, double bytesPerRecord) {
        return String.format(Locale.ROOT, "%,.0f records/s = %,.0f samples/s, %.1f MB/s", recordsPerSecond,
                recordsPerSecond * ThroughputLoad.SAMPLES, recordsPerSecond * bytesPerRecord / 1e6);
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
