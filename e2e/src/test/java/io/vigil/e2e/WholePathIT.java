package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Notification;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import io.vigil.test.mattermost.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real processes: a MetricBatch on a real Kafka broker → the packaged
 * alert-service (PostgreSQL) → notifications → the packaged notifier-service (PostgreSQL) → posts
 * on a Mattermost fake that enforces the webhook contract.
 */
class WholePathIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e");
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static MattermostFake mattermost;
    private static KafkaCompanion companion;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static Map<String, String> alertEnv;
    private static String opsHook;
    private static String flakyHook;
    private static String brokenHook;

    @BeforeAll
    static void startEverything() throws Exception {
        kafka = EmbeddedKafka.start();
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        companion = new KafkaCompanion(kafka.bootstrapServers());
        postgres = EmbeddedPostgresServer.start();
        String database = postgres.createDatabase("vigil");
        mattermost = MattermostFake.start();
        opsHook = mattermost.createHook("town-square");
        flakyHook = mattermost.createHook("town-square");
        brokenHook = mattermost.createHook("town-square");
        mattermost.addChannel("ops");

        Path config = Files.writeString(dir.resolve("vigil.yaml"), """
                rules:
                  - name: disk-full
                    metric: host_filesystem_used_ratio
                    labels: {mount: /}
                    warning: {above: 0.9, for: 0s}
                    clear: {below: 0.8, for: 0s}
                    summary: "Disk {mount} on {host} at {value}"
                  - name: flaky-check
                    metric: e2e_flaky
                    critical: {above: 0, for: 0s}
                  - name: broken-check
                    metric: e2e_broken
                    critical: {above: 0, for: 0s}
                routes:
                  - name: flaky
                    match: {rule: flaky-check}
                    mattermost: {webhook-url: "${VIGIL_MM_FLAKY}"}
                  - name: broken
                    match: {rule: broken-check}
                    mattermost: {webhook-url: "${VIGIL_MM_BROKEN}"}
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}", channel: ops}
                """);

        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("VIGIL_CONFIG_FILE", config.toString());
        common.putAll(postgres.datasourceEnvironment(database));

        alertEnv = new HashMap<>(common);
        alertEnv.putAll(ServiceProcess.unusedOidc());

        Map<String, String> notifierEnv = new HashMap<>(common);
        notifierEnv.putAll(ServiceProcess.unusedOidc());
        notifierEnv.put("VIGIL_MM_OPS", mattermost.hookUrl(opsHook));
        notifierEnv.put("VIGIL_MM_FLAKY", mattermost.hookUrl(flakyHook));
        notifierEnv.put("VIGIL_MM_BROKEN", mattermost.hookUrl(brokenHook));
        notifierEnv.put("NOTIFIER_INITIAL_BACKOFF", "50ms");
        notifierEnv.put("NOTIFIER_MAX_BACKOFF", "200ms");

        alertService = ServiceProcess.start("alert-service", alertEnv, dir);
        notifierService = ServiceProcess.start("notifier-service", notifierEnv, dir);
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {notifierService, alertService, companion, mattermost, postgres, kafka}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void hysteresisKeepsFiringBetweenClearAndWarningAndResolvesOnlyBelowClear() {
        String host = newHost();
        send(host, 0, MetricSample.of("host_filesystem_used_ratio", 0.95, "mount", "/"));

        ReceivedPost firing = awaitPosts(opsHook, host, 1).get(0);
        assertThat(firing.channel()).isEqualTo("ops");
        assertThat(firing.rawBody()).contains("disk-full").contains("Disk / on " + host + " at 0.95");

        // 0.85 is below warning (0.9) but above clear (0.8): still firing, nothing to post.
        send(host, 10, MetricSample.of("host_filesystem_used_ratio", 0.85, "mount", "/"));
        sentinelOnOpsRoute();
        assertThat(postsFor(opsHook, host)).hasSize(1);

        send(host, 20, MetricSample.of("host_filesystem_used_ratio", 0.5, "mount", "/"));
        List<ReceivedPost> posts = awaitPosts(opsHook, host, 2);
        assertThat(posts.get(1).rawBody()).containsIgnoringCase("resolved");
        // Nothing more after the resolution either.
        sentinelOnOpsRoute();
        assertThat(postsFor(opsHook, host)).hasSize(2);
    }

    /**
     * A new incident on the same route, posted after everything sent before it was handled (one
     * partition, one lane): "exactly one post" is checked after it, never at one instant.
     */
    private static void sentinelOnOpsRoute() {
        String sentinel = newHost();
        send(sentinel, 30, MetricSample.of("host_filesystem_used_ratio", 0.99, "mount", "/"));
        awaitPosts(opsHook, sentinel, 1);
    }

    @Test
    void restartedAlertServiceCarriesOnWithoutFiringAgain() throws Exception {
        String host = newHost();
        send(host, 0, MetricSample.of("host_filesystem_used_ratio", 0.95, "mount", "/"));
        awaitPosts(opsHook, host, 1);

        alertService.close();
        alertService = ServiceProcess.start("alert-service", alertEnv, dir);
        alertService.awaitReady(Duration.ofSeconds(90));

        // Still breaching after the restart: the stored firing alert is carried on, not fired again.
        send(host, 10, MetricSample.of("host_filesystem_used_ratio", 0.96, "mount", "/"));
        send(host, 20, MetricSample.of("host_filesystem_used_ratio", 0.5, "mount", "/"));

        List<ReceivedPost> posts = awaitPosts(opsHook, host, 2);
        assertThat(posts.get(0).rawBody()).doesNotContainIgnoringCase("resolved");
        assertThat(posts.get(1).rawBody()).containsIgnoringCase("resolved");
    }

    @Test
    void resendingTheSameNotificationPostsNothingMore() {
        ConsumerTask<String, String> notifications = companion.consumeStrings().fromTopics(Topics.NOTIFICATIONS);
        try {
            String host = newHost();
            send(host, 0, MetricSample.of("host_filesystem_used_ratio", 0.97, "mount", "/"));
            awaitPosts(opsHook, host, 1);
            await().atMost(WAIT).until(() -> notificationFor(notifications.getRecords(), host) != null);
            ConsumerRecord<String, String> original = notificationFor(notifications.getRecords(), host);

            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.NOTIFICATIONS, original.key(), original.value()))
                    .awaitCompletion(WAIT);
            String sentinel = newHost();
            send(sentinel, 0, MetricSample.of("host_filesystem_used_ratio", 0.97, "mount", "/"));
            awaitPosts(opsHook, sentinel, 1);

            assertThat(postsFor(opsHook, host)).hasSize(1);
        } finally {
            notifications.stop();
        }
    }

    @Test
    void hookFailingTwiceWith500GetsExactlyOnePost() {
        mattermost.script(flakyHook, Reply.status(500), Reply.status(500));
        String host = newHost();

        send(host, 0, MetricSample.of("e2e_flaky", 1));

        awaitPosts(flakyHook, host, 1);
        assertThat(mattermost.requests(flakyHook)).isEqualTo(3);
        assertThat(postsFor(flakyHook, host)).hasSize(1);
    }

    @Test
    void hookAnswering400SendsTheNotificationToTheDeadLetterTopic() {
        ConsumerTask<String, String> dlq = companion.consumeStrings().fromTopics(Topics.NOTIFICATIONS_DLQ);
        try {
            mattermost.script(brokenHook, Reply.status(400));
            String host = newHost();

            send(host, 0, MetricSample.of("e2e_broken", 1));

            await().atMost(WAIT).until(() -> dlq.getRecords().stream().anyMatch(r -> r.value().contains(host)));
            ConsumerRecord<String, String> dead = dlq.getRecords().stream().filter(r -> r.value().contains(host))
                    .findFirst().orElseThrow();
            assertThat(Json.read(dead.value(), Notification.class).rule()).isEqualTo("broken-check");
            assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .contains("400");
            assertThat(postsFor(brokenHook, host)).isEmpty();
        } finally {
            dlq.stop();
        }
    }

    private static String newHost() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void send(String host, int second, MetricSample... samples) {
        // Stamped around now: the alert-service skips samples older than its maximum age.
        MetricBatch batch = MetricBatch.of(SOURCE, host, T0.plusSeconds(second), List.of(samples));
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch)))
                .awaitCompletion(WAIT);
    }

    private static List<ReceivedPost> postsFor(String hook, String host) {
        return mattermost.posts(hook).stream().filter(p -> p.rawBody().contains(host)).toList();
    }

    private static List<ReceivedPost> awaitPosts(String hook, String host, int n) {
        try {
            await().atMost(WAIT).until(() -> postsFor(hook, host).size() >= n);
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + n + " posts for " + host + "; alert-service log:\n" + alertService.tail()
                    + "\nnotifier-service log:\n" + notifierService.tail(), e);
        }
        List<ReceivedPost> posts = postsFor(hook, host);
        assertThat(posts).hasSize(n);
        return posts;
    }

    private static ConsumerRecord<String, String> notificationFor(List<ConsumerRecord<String, String>> records, String host) {
        return records.stream().filter(r -> r.value().contains("\"host\":\"" + host + "\"")).findFirst().orElse(null);
    }
}
