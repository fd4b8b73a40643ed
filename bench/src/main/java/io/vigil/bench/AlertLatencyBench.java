package io.vigil.bench;

import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end alert latency through the packaged alert-service and notifier-service: the time from
 * producing a breaching {@link MetricBatch} to Kafka until the Mattermost fake receives the post,
 * and the same for the resolving batch, split at the {@code notifications} record's timestamp
 * into the alert-service's part and the notifier's. Also each service's startup time and RSS.
 */
public final class AlertLatencyBench {

    private static final Duration POST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HOST = Pattern.compile("bench-[a-z]+-\\d{5}");
    private static final double HOT = 0.99;
    private static final double COOL = 0.30;

    /** Everything started, closed in reverse order by whichever comes first: main's finally or the shutdown hook. */
    private final Started started = new Started();
    private MattermostFake mattermost;
    private String hook;
    private KafkaProducer<String, String> producer;
    /** Reads {@code notifications} to split each latency where the alert-service hands over to the notifier. */
    private KafkaConsumer<String, String> notifications;
    /** Post arrival times per host, in arrival order: [firing, resolved]. */
    private final Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final Map<String, List<Instant>> postsByHost = new HashMap<>();
    /** Notification record timestamps (the alert-service's producer clock, this machine) per host. */
    private final Map<String, List<Instant>> notificationsByHost = new HashMap<>();
    private int postsSeen;

    public static void main(String[] args) throws Exception {
        int n = 50;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("-n")) {
                n = Integer.parseInt(args[i + 1]);
            }
        }
        AlertLatencyBench bench = new AlertLatencyBench();
        Thread cleanup = new Thread(bench::closeAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 1;
        try {
            bench.run(n);
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            bench.closeAll();
        }
        // Kafka and the Mattermost fake leave non-daemon threads behind; everything is closed by now.
        System.exit(status);
    }

    private void run(int n) throws Exception {
        // Config and service logs stay after the run (overwritten by the next one), for a look when figures surprise.
        Path dir = Files.createDirectories(HostBatches.root().resolve("bench/target/latency-run"));
        EmbeddedKafka kafka = track(EmbeddedKafka.start());
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        EmbeddedPostgresServer postgres = track(EmbeddedPostgresServer.start());
        String database = postgres.createDatabase("vigil");
        mattermost = track(MattermostFake.start());
        hook = mattermost.createHook("town-square");

        // One rule, fired and resolved at once (for: 0s, no clear): each new host is one new alert.
        Path config = Files.writeString(dir.resolve("vigil.yaml"), """
                rules:
                  - name: cpu-hot
                    metric: host_cpu_usage_ratio
                    critical: {above: 0.95, for: 0s}
                    summary: "CPU on {host} at {value}"
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """);
        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("VIGIL_CONFIG_FILE", config.toString());
        common.putAll(postgres.datasourceEnvironment(database));
        // Both have an API, so both need a key to start; the bench calls neither API.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        common.put("QUARKUS_OIDC_PUBLIC_KEY", Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        common.put("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-bench");
        Map<String, String> alertEnv = new HashMap<>(common);
        Map<String, String> notifierEnv = new HashMap<>(common);
        notifierEnv.put("VIGIL_MM_OPS", mattermost.hookUrl(hook));

        // One after the other, so that each startup figure is not inflated by the other on 2 cores.
        ChildService alert = track(ChildService.start("alert-service", alertEnv, dir));
        double alertStartup = alert.awaitReady(Duration.ofSeconds(120));
        ChildService notifier = track(ChildService.start("notifier-service", notifierEnv, dir));
        double notifierStartup = notifier.awaitReady(Duration.ofSeconds(120));
        System.err.println("services ready; their logs are in " + dir);

        producer = track(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer()));
        notifications = track(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer()));
        // Assigned, not subscribed: no group, no rebalance; the topics were created with one partition.
        notifications.assign(List.of(new TopicPartition(Topics.NOTIFICATIONS, 0)));

        // Warm-up, not reported: first posts pay for JIT, connection pools and consumer-group joins.
        sequential("warm", 10);
        List<double[]> seq = sequential("seq", n);
        List<double[]> burst = burst("burst", n);

        report("sequential", seq);
        report("burst", burst);
        double drainSeconds = burst.stream().mapToDouble(l -> l[0]).max().orElse(Double.NaN) / 1000;
        System.out.printf(Locale.ROOT, "burst drain       %d firing posts within %.2f s of the burst = %.0f posts/s end to end%n", n, drainSeconds, n / drainSeconds);
        System.out.printf(Locale.ROOT, "memory (RSS)      alert-service=%.0f MB  notifier-service=%.0f MB   startup alert=%.1f s notifier=%.1f s%n",
                alert.rssMb(), notifier.rssMb(), alertStartup, notifierStartup);
    }

    /** One host at a time: fire, wait for the post, resolve, wait for the post; {@link #latencies} per host. */
    private List<double[]> sequential(String prefix, int n) throws InterruptedException {
        List<double[]> latencies = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            String host = HostBatches.host("bench-" + prefix, h);
            Instant fired = send(host, 0, HOT);
            Instant firingPost = awaitPost(host, 1);
            Instant resolved = send(host, 10, COOL);
            Instant resolvedPost = awaitPost(host, 2);
            latencies.add(latencies(host, fired, firingPost, resolved, resolvedPost));
        }
        return latencies;
    }

    /** All n hosts breach at once; once every firing post is in, all resolve at once. */
    private List<double[]> burst(String prefix, int n) throws InterruptedException {
        Instant[] fired = new Instant[n];
        Instant[] resolved = new Instant[n];
        for (int h = 0; h < n; h++) {
            fired[h] = sendAsync(HostBatches.host("bench-" + prefix, h), 0, HOT);
        }
        producer.flush();
        List<Instant> firingPosts = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            firingPosts.add(awaitPost(HostBatches.host("bench-" + prefix, h), 1));
        }
        for (int h = 0; h < n; h++) {
            resolved[h] = sendAsync(HostBatches.host("bench-" + prefix, h), 10, COOL);
        }
        producer.flush();
        List<double[]> latencies = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            String host = HostBatches.host("bench-" + prefix, h);
            latencies.add(latencies(host, fired[h], firingPosts.get(h), resolved[h], awaitPost(host, 2)));
        }
        return latencies;
    }

    /** [firing, resolved, firing: produce→notifications record, firing: notifications record→post] in ms. */
    private double[] latencies(String host, Instant fired, Instant firingPost, Instant resolved, Instant resolvedPost)
            throws InterruptedException {
        Instant notified = awaitNotification(host);
        return new double[] {millis(fired, firingPost), millis(resolved, resolvedPost),
            millis(fired, notified), millis(notified, firingPost)};
    }

    /** Produces a whole collector batch for {@code host} and waits for the broker's ack; returns when it was handed to the producer. */
    private Instant send(String host, int second, double cpu) {
        Instant at = sendAsync(host, second, cpu);
        producer.flush();
        return at;
    }

    private Instant sendAsync(String host, int second, double cpu) {
        // Stamped around now: the alert-service skips samples older than alert.max-sample-age.
        String json = Json.write(HostBatches.batch(host, start.plusSeconds(second), HostBatches.samples(1, cpu)));
        // The clock starts once the record is serialized: latency is Kafka + services + HTTP, not our JSON.
        Instant at = Instant.now();
        producer.send(new ProducerRecord<>(Topics.METRICS, host, json));
        return at;
    }

    /** Waits (bounded) until {@code host} has {@code count} posts; returns when the fake received the last one. */
    private Instant awaitPost(String host, int count) throws InterruptedException {
        long deadline = System.nanoTime() + POST_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Instant> posts = refresh().get(host);
            if (posts != null && posts.size() >= count) {
                return posts.get(count - 1);
            }
            // Polling only decides when we look; the latency is the fake's own arrival timestamp.
            Thread.sleep(5);
        }
        throw new IllegalStateException("no post #" + count + " for " + host + " within " + POST_TIMEOUT);
    }

    /** The firing notification's record timestamp; it was published before the post, but our consumer may lag a poll behind. */
    private Instant awaitNotification(String host) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            refresh();
            List<Instant> seen = notificationsByHost.get(host);
            if (seen != null) {
                return seen.get(0);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no notification record for " + host + " on " + Topics.NOTIFICATIONS);
    }

    private Map<String, List<Instant>> refresh() {
        List<ReceivedPost> posts = mattermost.posts(hook);
        for (; postsSeen < posts.size(); postsSeen++) {
            ReceivedPost p = posts.get(postsSeen);
            Matcher m = HOST.matcher(p.rawBody());
            if (m.find()) {
                postsByHost.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(p.receivedAt());
            }
        }
        // Polled here, on this thread (a KafkaConsumer is single-threaded); a notification always precedes its post.
        for (ConsumerRecord<String, String> r : notifications.poll(Duration.ZERO)) {
            Matcher m = HOST.matcher(r.value());
            if (m.find()) {
                notificationsByHost.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(Instant.ofEpochMilli(r.timestamp()));
            }
        }
        return postsByHost;
    }

    private static void report(String mode, List<double[]> latencies) {
        System.out.printf(Locale.ROOT, "alert latency     %-10s n=%d  firing %s   resolved %s%n", mode, latencies.size(),
                percentiles(latencies, 0), percentiles(latencies, 1));
        System.out.printf(Locale.ROOT, "  firing split    %-10s alert-service (produce→notification) %s   notifier (→post) %s%n", mode,
                percentiles(latencies, 2), percentiles(latencies, 3));
    }

    /** Nearest-rank percentiles in ms; with n below 100, p99 is the maximum. */
    private static String percentiles(List<double[]> latencies, int column) {
        double[] v = latencies.stream().mapToDouble(l -> l[column]).sorted().toArray();
        return String.format(Locale.ROOT, "p50=%.0f p90=%.0f p99=%.0f max=%.0f ms",
                rank(v, 50), rank(v, 90), rank(v, 99), v[v.length - 1]);
    }

    private static double rank(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }

    private void closeAll() {
        started.closeAll();
    }
}
