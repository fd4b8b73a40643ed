package io.vigil.bench;

import io.vigil.config.Durations;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.Topics;
import io.vigil.launcher.ChildProcess;
import io.vigil.launcher.LogTail;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.KafkaResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Issue 9: what the packaged collector-service costs at a 1 s interval on a host doing nothing
 * else of note, beside Debian's {@code prometheus-node-exporter} (all default collectors) scraped
 * every second by this JVM. Both run through a warm-up, then over the measured window: CPU per
 * tick and per scrape ({@code /proc/<pid>/stat}), RSS at its start and end and its growth per hour
 * (a least-squares line through a sample every 10 s), and the collector's own time in OSHI per
 * tick ({@code vigil_collector_snapshot_seconds}).
 *
 * <p>Kafka runs in this JVM, as in the other benchmarks; the collector publishes to it. Figures on
 * stdout; progress on stderr; the collector's and node_exporter's logs, the config and a
 * {@code --jfr} recording in {@code bench/target/footprint-run}.
 */
public final class FootprintBench {

    static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final Duration RSS_EVERY = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("[{,]version=\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    private final Started started = new Started();
    private final Options options;
    private ChildService collector;
    private ChildProcess nodeExporter;
    private Scraper scraper;
    private HttpClient http;
    private HttpRequest metricsRequest;

    /** Command-line options. */
    record Options(Duration duration, Duration warmup, List<String> jvmFlags, boolean jfr, boolean gzip,
            Map<String, String> env) {

        static Options parse(String[] args) {
            Duration duration = Duration.ofMinutes(10);
            Duration warmup = Duration.ofSeconds(30);
            List<String> jvm = new ArrayList<>(ChildService.launcherFlags("collector-service"));
            boolean jfr = false;
            boolean gzip = false;
            Map<String, String> env = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--duration" -> duration = Durations.parse(args[++i]);
                    case "--warmup" -> warmup = Durations.parse(args[++i]);
                    case "--jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                    case "--jfr" -> jfr = true;
                    case "--gzip" -> gzip = true;
                    case "--env" -> {
                        String[] kv = args[++i].split("=", 2);
                        env.put(kv[0], kv[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (duration.compareTo(RSS_EVERY) < 0) {
                throw new IllegalArgumentException("--duration must be at least " + RSS_EVERY.toSeconds() + "s");
            }
            return new Options(duration, warmup, jvm, jfr, gzip, env);
        }
    }

    /** One look at both processes, the bench JVM and the machine. */
    record Look(long nanos, double collectorCpu, double collectorSys, double collectorChildren, double nodeCpu, double nodeSys, double selfCpu, double machineBusy,
            double machineTotal, double collectorRss, double nodeRss, Map<String, Double> collectorThreads,
            Map<String, Double> metrics, long scrapes, long scrapeFailures, long scrapeNanos, long scrapeBytes,
            long batches) {
    }

    private FootprintBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        FootprintBench bench = new FootprintBench(Options.parse(args));
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
        // Kafka leaves non-daemon threads behind; everything is closed by now.
        System.exit(status);
    }

    private void run() throws Exception {
        if (!Files.isExecutable(NODE_EXPORTER)) {
            throw new IllegalStateException(NODE_EXPORTER + " is missing: apt-get install prometheus-node-exporter");
        }
        String loadAtStart = Proc.loadAverage();
        Path dir = Files.createDirectories(HostBatches.root().resolve("bench/target/footprint-run"));
        EmbeddedKafka kafka = track(EmbeddedKafka.start());
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        Path config = Files.writeString(dir.resolve("vigil.yaml"),
                "# Written by FootprintBench; overwritten by the next run.\ncollector:\n  interval: 1s\n");

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("VIGIL_CONFIG_FILE", config.toString());
        env.putAll(options.env());
        List<String> flags = new ArrayList<>(options.jvmFlags());
        if (options.jfr()) {
            // Without it JFR blames a sample in inlined code on the nearest safepoint's method.
            flags.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
        }
        Files.deleteIfExists(dir.resolve("collector-service.log"));
        collector = track(ChildService.start("collector-service", flags, env, dir));
        double startup = collector.awaitReady(Duration.ofSeconds(180));
        double rssReady = Proc.rssMb(collector.pid());
        log("collector-service ready in %.1f s (pid %d, flags %s); its log: %s", startup, collector.pid(), flags,
                dir.resolve("collector-service.log"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        metricsRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build();

        int port = freePort();
        long nodeStarted = System.nanoTime();
        nodeExporter = ChildProcess.start("node-exporter",
                List.of(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port), Map.of(),
                HostBatches.root(), dir.resolve("node-exporter.log"));
        track(nodeExporter::stop);
        scraper = track(new Scraper(URI.create("http://127.0.0.1:" + port + "/metrics"), options.gzip()));
        double nodeStartup = awaitNodeExporter(nodeStarted);
        double nodeRssReady = Proc.rssMb(nodeExporter.pid());
        log("node_exporter answers in %.1f s (pid %d, port %d); scraping it every second", nodeStartup,
                nodeExporter.pid(), port);
        scraper.start();

        KafkaConsumer<String, String> batches = track(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer()));
        TopicPartition metrics = new TopicPartition(Topics.METRICS, 0);
        batches.assign(List.of(metrics));

        log("warm-up: %s", options.warmup());
        watch(options.warmup(), null, null, 0);

        Path jfr = dir.resolve("collector-service.jfr");
        Look begin = look(batches, metrics, true);
        if (options.jfr()) {
            Jcmd.run(collector.pid(), "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
        }
        List<double[]> collectorRss = new ArrayList<>();
        List<double[]> nodeRss = new ArrayList<>();
        collectorRss.add(new double[] {0, begin.collectorRss()});
        nodeRss.add(new double[] {0, begin.nodeRss()});
        log("measuring for %s", options.duration());
        watch(options.duration(), collectorRss, nodeRss, begin.nanos());
        Look end = look(batches, metrics, false);
        collectorRss.add(new double[] {(end.nanos() - begin.nanos()) / 1e9, end.collectorRss()});
        nodeRss.add(new double[] {(end.nanos() - begin.nanos()) / 1e9, end.nodeRss()});
        if (options.jfr()) {
            Jcmd.run(collector.pid(), "JFR.stop", "name=bench");
        }
        String nmt = flags.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))
                ? Jcmd.nativeMemoryLine(Jcmd.run(collector.pid(), "VM.native_memory", "summary")) : null;
        String lastBatch = lastBatch(batches, metrics);
        scraper.stopScraping();

        report(loadAtStart, flags, startup, rssReady, nodeStartup, nodeRssReady, begin, end, collectorRss, nodeRss,
                lastBatch, nmt, options.jfr() ? jfr : null);
    }

    /** Polls node_exporter until it serves a scrape; seconds from its start. */
    private double awaitNodeExporter(long startedNanos) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!nodeExporter.isAlive()) {
                throw new IllegalStateException("node_exporter exited; end of its log:\n" + nodeTail());
            }
            if (scraper.probe()) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("node_exporter does not answer; end of its log:\n" + nodeTail());
    }

    /**
     * Waits {@code duration}, noticing at once when either process died; with lists, records both
     * RSS every 10 s as {seconds since {@code sinceNanos}, MB}.
     */
    private void watch(Duration duration, List<double[]> collectorRss, List<double[]> nodeRss, long sinceNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long nextRss = sinceNanos + RSS_EVERY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!collector.isAlive()) {
                throw new IllegalStateException("collector-service exited; end of its log:\n" + collector.tail());
            }
            if (!nodeExporter.isAlive()) {
                throw new IllegalStateException("node_exporter exited; end of its log:\n" + nodeTail());
            }
            long now = System.nanoTime();
            // The window's end is sampled by its caller; a sample a moment before it adds nothing.
            if (collectorRss != null && now >= nextRss && deadline - now > RSS_EVERY.toNanos() / 2) {
                double t = (now - sinceNanos) / 1e9;
                collectorRss.add(new double[] {t, Proc.rssMb(collector.pid())});
                nodeRss.add(new double[] {t, Proc.rssMb(nodeExporter.pid())});
                nextRss += RSS_EVERY.toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /**
     * One look at both. The collector's /q/metrics is read outside the CPU readings (before them at
     * the window's start, after them at its end), so that this bench's own two scrapes of it are not
     * billed to the window.
     */
    private Look look(KafkaConsumer<String, String> batches, TopicPartition metrics, boolean atStart) {
        Map<String, Double> scrapeBefore = atStart ? scrape() : null;
        double[] m = Proc.machineSeconds();
        long nanos = System.nanoTime();
        double collectorCpu = Proc.cpuSeconds(collector.pid());
        double collectorSys = Proc.systemCpuSeconds(collector.pid());
        double collectorChildren = Proc.childrenCpuSeconds(collector.pid());
        double nodeCpu = Proc.cpuSeconds(nodeExporter.pid());
        double nodeSys = Proc.systemCpuSeconds(nodeExporter.pid());
        long scrapes = scraper.done.get();
        long failures = scraper.failed.get();
        long scrapeNanos = scraper.nanos.get();
        long scrapeBytes = scraper.bytes.get();
        Map<String, Double> threads = Proc.cpuByThread(collector.pid());
        double selfCpu = Proc.cpuSeconds(ProcessHandle.current().pid());
        double collectorRss = Proc.rssMb(collector.pid());
        double nodeRss = Proc.rssMb(nodeExporter.pid());
        Map<String, Double> metricValues = atStart ? scrapeBefore : scrape();
        long published = batches.endOffsets(List.of(metrics)).getOrDefault(metrics, 0L);
        return new Look(nanos, collectorCpu, collectorSys, collectorChildren, nodeCpu, nodeSys, selfCpu, m[0], m[1], collectorRss, nodeRss, threads,
                metricValues, scrapes, failures, scrapeNanos, scrapeBytes, published);
    }

    /** The collector's /q/metrics: Vigil's, the JVM's and the process's lines as {@code name{labels}} → value. */
    private Map<String, Double> scrape() {
        Map<String, Double> values = new TreeMap<>();
        try {
            HttpResponse<String> r = http.send(metricsRequest, HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("vigil_") || line.startsWith("jvm_") || line.startsWith("process_")) {
                    int space = line.lastIndexOf(' ');
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            log("scraping the collector's /q/metrics failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /**
     * The last batch the collector published: how many samples a tick carries and its size in JSON,
     * then the samples by family, separated by a newline.
     */
    private static String lastBatch(KafkaConsumer<String, String> consumer, TopicPartition metrics) {
        long endOffset = consumer.endOffsets(List.of(metrics)).getOrDefault(metrics, 0L);
        if (endOffset == 0) {
            return "none published\n";
        }
        consumer.seek(metrics, endOffset - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                MetricBatch batch = Json.read(r.value(), MetricBatch.class);
                Map<String, Integer> byName = new TreeMap<>();
                batch.samples().forEach(s -> byName.merge(family(s.name()), 1, Integer::sum));
                return String.format(Locale.ROOT, "%d samples, %.1f KB of JSON%n%s", batch.samples().size(),
                        r.serializedValueSize() / 1024.0, byName.toString().replaceAll("[{}]", ""));
            }
        }
        return "could not read it back\n";
    }

    /** {@code host_filesystem_size_bytes} → {@code host_filesystem}: samples grouped by what they describe. */
    private static String family(String name) {
        String[] parts = name.split("_");
        return parts.length >= 2 ? parts[0] + "_" + parts[1] : name;
    }

    // ---- scraping node_exporter -------------------------------------------------------------------

    /**
     * Scrapes node_exporter once a second on its own thread, as Prometheus would, reading each body
     * to the end; counts scrapes, failures, bytes and time. Keeps the last body for its series count.
     */
    private static final class Scraper implements AutoCloseable {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final HttpRequest request;
        private final boolean gzip;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-exporter-scraper");
            t.setDaemon(true);
            return t;
        });
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private volatile byte[] lastBody;
        private volatile String lastFailure;

        Scraper(URI uri, boolean gzip) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    // Prometheus' own Accept for the text format (node_exporter 1.5 serves nothing else).
                    .header("Accept", "text/plain;version=0.0.4;q=0.3,*/*;q=0.1");
            if (gzip) {
                // What Prometheus sends: node_exporter then compresses every body, which costs it CPU.
                b.header("Accept-Encoding", "gzip");
            }
            this.request = b.build();
            this.gzip = gzip;
        }

        /** One scrape outside the counts: true once node_exporter answers 200. */
        boolean probe() {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void start() {
            // Fixed rate: the next scrape is due a second after the last one was, not after it ended.
            timer.scheduleAtFixedRate(this::scrapeOnce, 0, 1, TimeUnit.SECONDS);
        }

        private void scrapeOnce() {
            long t0 = System.nanoTime();
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                nanos.addAndGet(System.nanoTime() - t0);
                bytes.addAndGet(r.body().length);
                lastBody = r.body();
                done.incrementAndGet();
            } catch (IOException e) {
                failed.incrementAndGet();
                lastFailure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The last body as text, decompressed when it came gzipped. */
        String lastBodyText() throws IOException {
            byte[] body = lastBody;
            if (body == null) {
                return "";
            }
            if (gzip && body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Stops scraping before the report, so nothing runs against a node_exporter being stopped. */
        void stopScraping() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(15, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    // ---- reporting --------------------------------------------------------------------------------

    private void report(String loadAtStart, List<String> flags, double startup, double rssReady, double nodeStartup,
            double nodeRssReady, Look begin, Look end, List<double[]> collectorRss, List<double[]> nodeRss,
            String lastBatch, String nmt, Path jfr) throws IOException {
        double seconds = (end.nanos() - begin.nanos()) / 1e9;
        // The commands it runs count: OSHI runs lsblk for every file-system listing.
        double childrenMs = (end.collectorChildren() - begin.collectorChildren()) * 1000;
        double collectorCpuMs = (end.collectorCpu() - begin.collectorCpu()) * 1000 + childrenMs;
        double nodeCpuMs = (end.nodeCpu() - begin.nodeCpu()) * 1000;
        double ticks = delta(begin, end, "vigil_collector_snapshot_seconds_count");
        double snapshotSeconds = delta(begin, end, "vigil_collector_snapshot_seconds_sum");
        boolean ticksCounted = ticks > 0;
        if (!ticksCounted) {
            ticks = Math.floor(seconds); // no timer on /q/metrics: one tick a second
        }
        long scrapes = end.scrapes() - begin.scrapes();
        long failures = end.scrapeFailures() - begin.scrapeFailures();
        double scrapeMs = scrapes > 0 ? (end.scrapeNanos() - begin.scrapeNanos()) / 1e6 / scrapes : Double.NaN;
        double scrapeKb = scrapes > 0 ? (end.scrapeBytes() - begin.scrapeBytes()) / 1024.0 / scrapes : Double.NaN;
        String body = scraper.lastBodyText();
        long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        Matcher version = VERSION.matcher(body.lines().filter(l -> l.startsWith("node_exporter_build_info"))
                .findFirst().orElse(""));

        String row = "%-34s %-34s %s%n";
        System.out.printf(Locale.ROOT, "load              collector-service (interval 1s, publishing to Kafka in the bench JVM, flags %s) beside prometheus-node-exporter %s (default collectors, scraped every 1 s by the bench%s); %.0f s measured after a %s warm-up%n",
                String.join(" ", flags), version.find() ? version.group(1) : "?", options.gzip() ? ", gzip" : ", plain text",
                seconds, Durations.format(options.warmup()));
        System.out.printf(Locale.ROOT, row, "", "collector-service", "node_exporter");
        System.out.printf(Locale.ROOT, row, "start-up", String.format(Locale.ROOT, "ready in %.1f s, RSS %.0f MB", startup, rssReady),
                String.format(Locale.ROOT, "answers in %.1f s, RSS %.0f MB", nodeStartup, nodeRssReady));
        System.out.printf(Locale.ROOT, row, "work in the window",
                String.format(Locale.ROOT, "%.0f ticks (%s), %d batches", ticks, ticksCounted ? "snapshot count" : "assumed 1/s",
                        end.batches() - begin.batches()),
                String.format(Locale.ROOT, "%d scrapes, %d failed%s", scrapes, failures,
                        failures > 0 ? " (last: " + scraper.lastFailure + ")" : ""));
        System.out.printf(Locale.ROOT, row, "CPU in the window (/proc)",
                String.format(Locale.ROOT, "%.0f ms = %.2f %% of a core", collectorCpuMs, collectorCpuMs / seconds / 10),
                String.format(Locale.ROOT, "%.0f ms = %.2f %% of a core", nodeCpuMs, nodeCpuMs / seconds / 10));
        System.out.printf(Locale.ROOT, row, "  of which in child processes",
                String.format(Locale.ROOT, "%.0f ms", childrenMs), "-");
        System.out.printf(Locale.ROOT, row, "  of which in its kernel (system)",
                String.format(Locale.ROOT, "%.0f ms", (end.collectorSys() - begin.collectorSys()) * 1000),
                String.format(Locale.ROOT, "%.0f ms", (end.nodeSys() - begin.nodeSys()) * 1000));
        double jitMs = (end.collectorThreads().getOrDefault("JIT", 0.0)
                - begin.collectorThreads().getOrDefault("JIT", 0.0)) * 1000;
        System.out.printf(Locale.ROOT, row, "CPU per tick / per scrape",
                String.format(Locale.ROOT, "%.2f ms (%.2f without the JIT's)", collectorCpuMs / ticks,
                        (collectorCpuMs - jitMs) / ticks),
                scrapes > 0 ? String.format(Locale.ROOT, "%.2f ms", nodeCpuMs / scrapes) : "n/a");
        System.out.printf(Locale.ROOT, row, "time per tick / per scrape",
                ticksCounted ? String.format(Locale.ROOT, "%.1f ms in the sampler (snapshot mean)", snapshotSeconds / ticks * 1000) : "n/a",
                String.format(Locale.ROOT, "%.1f ms (bench's round trip)", scrapeMs));
        String[] batch = lastBatch.split("\\R", 2);
        System.out.printf(Locale.ROOT, row, "output per tick / per scrape", batch[0],
                String.format(Locale.ROOT, "%,d series, %.1f KB%s", series, scrapeKb, options.gzip() ? " gzipped" : ""));
        System.out.printf(Locale.ROOT, row, "RSS at window start → end",
                String.format(Locale.ROOT, "%.1f → %.1f MB", begin.collectorRss(), end.collectorRss()),
                String.format(Locale.ROOT, "%.1f → %.1f MB", begin.nodeRss(), end.nodeRss()));
        System.out.printf(Locale.ROOT, row, "RSS growth (fit, every 10 s)",
                String.format(Locale.ROOT, "%+.1f MB/h (max %.1f MB, %d samples)", slopePerHour(collectorRss), max(collectorRss), collectorRss.size()),
                String.format(Locale.ROOT, "%+.1f MB/h (max %.1f MB)", slopePerHour(nodeRss), max(nodeRss)));
        // A heap whose pages are touched for the first time grows RSS until its first collections: the
        // second half says whether growth goes on after that.
        System.out.printf(Locale.ROOT, row, "  the same, window's second half",
                String.format(Locale.ROOT, "%+.1f MB/h", slopePerHour(secondHalf(collectorRss))),
                String.format(Locale.ROOT, "%+.1f MB/h", slopePerHour(secondHalf(nodeRss))));
        System.out.printf(Locale.ROOT, "collector's tick  %s%n", batch.length > 1 ? batch[1] : "");
        // Micrometer adds to its allocation counter at each GC (eden before it, less eden after the
        // previous one); eden's growth since covers the rest, so the sum is what was allocated.
        double allocated = delta(begin, end, "jvm_gc_memory_allocated_bytes_total")
                + edenUsed(end.metrics()) - edenUsed(begin.metrics());
        System.out.printf(Locale.ROOT, "collector garbage %.0f KB allocated per tick (%.1f MB/min); %.0f GCs in the window, %.0f ms paused%n",
                allocated / ticks / 1024, allocated / seconds * 60 / 1e6, delta(begin, end, "jvm_gc_pause_seconds_count"),
                delta(begin, end, "jvm_gc_pause_seconds_sum") * 1000);

        Map<String, Double> threads = new TreeMap<>(end.collectorThreads());
        threads.replaceAll((role, s) -> s - begin.collectorThreads().getOrDefault(role, 0.0));
        StringBuilder roles = new StringBuilder();
        threads.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> roles.append(String.format(Locale.ROOT, "  %s %.0f", e.getKey(), e.getValue() * 1000)));
        System.out.printf(Locale.ROOT, "collector by thread (ms)%s%n", roles);
        Map<String, Double> m = end.metrics();
        System.out.printf(Locale.ROOT, "collector JVM      heap %.0f MB used of %.0f committed; non-heap %.0f MB used of %.0f (%s); %.0f live threads%n",
                sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1e6, sum(m, "jvm_memory_committed_bytes", "area=\"heap\"") / 1e6,
                sum(m, "jvm_memory_used_bytes", "area=\"nonheap\"") / 1e6, sum(m, "jvm_memory_committed_bytes", "area=\"nonheap\"") / 1e6,
                nonHeap(m), sum(m, "jvm_threads_live_threads", ""));
        if (nmt != null) {
            System.out.printf(Locale.ROOT, "committed (NMT)    %s%n", nmt);
        }
        double others = (end.machineBusy() - begin.machineBusy()) - collectorCpuMs / 1000 - nodeCpuMs / 1000
                - (end.selfCpu() - begin.selfCpu());
        System.out.printf(Locale.ROOT, "machine           busy %.0f %% of %d cores; bench JVM (Kafka, scraper) %.3f cores; others %.2f cores%n",
                100 * (end.machineBusy() - begin.machineBusy()) / (end.machineTotal() - begin.machineTotal()),
                Runtime.getRuntime().availableProcessors(), (end.selfCpu() - begin.selfCpu()) / seconds, others / seconds);
        if (jfr != null) {
            System.out.printf(Locale.ROOT, "profile           %s (the window; JFR's own cost is in the CPU above); summary: bench/run profile %s%n",
                    jfr, HostBatches.root().relativize(jfr));
        }
        System.out.printf(Locale.ROOT, "load average      %s at start, %s at end (1/5/15 min)%n", loadAtStart, Proc.loadAverage());
    }

    private static double delta(Look begin, Look end, String name) {
        return sum(end.metrics(), name, "") - sum(begin.metrics(), name, "");
    }

    /** All series of a meter whose labels contain {@code labels}, added up. */
    private static double sum(Map<String, Double> scrape, String name, String labels) {
        return scrape.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> e.getKey().contains(labels))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Eden's use in bytes: "eden space" with the serial and parallel collectors, "G1 Eden Space" with G1. */
    private static double edenUsed(Map<String, Double> scrape) {
        return scrape.entrySet().stream()
                .filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{")
                        && e.getKey().toLowerCase(Locale.ROOT).contains("eden space"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Non-heap used by pool: Metaspace, the code cache's segments, compressed class space. */
    private static String nonHeap(Map<String, Double> scrape) {
        Map<String, Double> byId = new TreeMap<>();
        for (Map.Entry<String, Double> e : scrape.entrySet()) {
            if (e.getKey().startsWith("jvm_memory_used_bytes{") && e.getKey().contains("area=\"nonheap\"")) {
                Matcher id = ID.matcher(e.getKey());
                String name = id.find() ? id.group(1) : "?";
                byId.merge(name.startsWith("CodeHeap") ? "code cache" : name, e.getValue(), Double::sum);
            }
        }
        StringBuilder s = new StringBuilder();
        byId.forEach((id, bytes) -> s.append(s.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.0f", id, bytes / 1e6)));
        return s.toString();
    }

    /** Least-squares slope of {seconds, MB} points, in MB per hour. */
    static double slopePerHour(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 3600;
    }

    private static List<double[]> secondHalf(List<double[]> points) {
        return points.subList(points.size() / 2, points.size());
    }

    private static double max(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN);
    }

    private String nodeTail() {
        return String.join("\n", LogTail.lastLines(nodeExporter.log(), 40));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
