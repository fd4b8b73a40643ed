package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged notifier-service is SIGKILLed while posts are arriving and started again: every one of
 * 100 notifications is still posted, and the crash costs at most one duplicate post (the one that
 * was between its POST and recording it). Notifications left pending by the dead process
 * are taken over once its claim lease (3s here) has ended; records Kafka hands out again are skipped.
 */
class NotifierKillIT {

    private static final int COUNT = 100;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final EventSource SOURCE = new EventSource("alert-service", "e2e");

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private ServiceProcess notifier;

    @AfterEach
    void stopEverything() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void aKilledNotifierPostsEveryNotificationAfterRestartWithAtMostOneDuplicateEach() throws Exception {
        EmbeddedKafka kafka = keep(EmbeddedKafka.start());
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL);
        EmbeddedPostgresServer postgres = keep(EmbeddedPostgresServer.start());
        String database = postgres.createDatabase("vigil");
        MattermostFake mattermost = keep(MattermostFake.start());
        String hook = mattermost.createHook("town-square");
        Path config = Files.writeString(dir.resolve("vigil.yaml"), """
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """);
        Map<String, String> env = new HashMap<>(postgres.datasourceEnvironment(database));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("VIGIL_CONFIG_FILE", config.toString());
        env.put("VIGIL_MM_OPS", mattermost.hookUrl(hook));
        env.putAll(ServiceProcess.unusedOidc());
        env.put("NOTIFIER_CLAIM_LEASE", "3s");
        env.put("NOTIFIER_REQUEST_TIMEOUT", "1s");
        env.put("NOTIFIER_MAX_ATTEMPTS", "20");
        env.put("NOTIFIER_INITIAL_BACKOFF", "100ms");
        env.put("NOTIFIER_MAX_BACKOFF", "400ms");
        // The killed consumer leaves the group only when its session times out: keep that short (the
        // broker's minimum) so the restarted one gets the partition within seconds, not 45s.
        env.put("MP_MESSAGING_INCOMING_NOTIFICATIONS_SESSION_TIMEOUT_MS", "6000");

        notifier = ServiceProcess.start("notifier-service", env, dir);
        notifier.awaitReady(WAIT);

        List<Notification> notifications = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            notifications.add(notification(i));
        }
        // A timeline: one record every 50ms, and a 500 answer queued with every tenth, so that posts
        // are still arriving, and some notifications wait in their retries, when the kill comes. (The
        // fake answers queued replies in order to whatever request comes next; ten in all can never
        // exhaust one notification's 20 attempts.)
        ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor();
        KafkaProducer<String, String> producer = keep(producer(kafka.bootstrapServers()));
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < COUNT; i++) {
                Notification n = notifications.get(i);
                boolean fail = i % 10 == 0;
                sent.add(timeline.schedule(() -> {
                    if (fail) {
                        mattermost.script(hook, Reply.status(500));
                    }
                    return producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, n.fingerprint(), Json.write(n))).get();
                }, 50L * i, TimeUnit.MILLISECONDS));
            }

            awaitOrExplain(() -> postedIds(mattermost, hook).size() >= 20, "20 posts before the kill");
            notifier.kill();
            int postedAtKill = postedIds(mattermost, hook).size();
            long pendingAtKill = pendingRows(postgres, database);
            // The kill must land while notifications are still on their way, or it proves nothing.
            assertThat(postedAtKill).as("distinct notifications posted when the notifier was killed").isLessThan(COUNT);

            for (Future<?> f : sent) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            notifier = ServiceProcess.start("notifier-service", env, dir);
            notifier.awaitReady(WAIT);

            awaitOrExplain(() -> postedIds(mattermost, hook).size() >= COUNT, "all " + COUNT + " notifications posted");
            // A later notification on the same route (one lane, one post at a time): once it is
            // posted, a duplicate of any earlier one would have been posted too.
            Notification sentinel = notification(COUNT);
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, sentinel.fingerprint(), Json.write(sentinel))).get();
            String sentinelId = sentinel.eventId().toString();
            awaitOrExplain(() -> postedIds(mattermost, hook).contains(sentinelId), "the sentinel posted");
            Map<String, Long> posts = mattermost.posts(hook).stream()
                    .map(NotifierKillIT::notificationId).filter(id -> !id.equals(sentinelId))
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            long duplicates = posts.values().stream().mapToLong(c -> c - 1).sum();
            System.out.printf("NotifierKillIT: posted at kill=%d, pending rows at kill=%d, duplicates=%d%n",
                    postedAtKill, pendingAtKill, duplicates);

            assertThat(posts.keySet()).containsExactlyInAnyOrderElementsOf(
                    notifications.stream().map(n -> n.eventId().toString()).toList());
            // One kill, one route delivering one post at a time (the default): at most the post that was
            // between its POST and recording it goes out twice.
            assertThat(duplicates).as("duplicates after one kill").isLessThanOrEqualTo(1);
            // Nothing is left pending: the rows of the dead process were taken over and finished.
            await().atMost(Duration.ofSeconds(10)).until(() -> pendingRows(postgres, database) == 0);
        } finally {
            timeline.shutdownNow();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private void awaitOrExplain(java.util.concurrent.Callable<Boolean> condition, String what) {
        try {
            await().atMost(WAIT).until(condition);
        } catch (RuntimeException e) {
            throw new AssertionError("waiting for " + what + "; notifier-service log:\n" + notifier.tail(), e);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static java.util.Set<String> postedIds(MattermostFake mattermost, String hook) {
        return mattermost.posts(hook).stream().map(NotifierKillIT::notificationId).collect(Collectors.toSet());
    }

    private static String notificationId(ReceivedPost post) {
        return post.payload().path("props").path("vigil_notification_id").asText();
    }

    private static long pendingRows(EmbeddedPostgresServer postgres, String database) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM notifier.delivery_log WHERE status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deterministic ids and fingerprints: notification i is always the same record. */
    private static Notification notification(int i) {
        UUID id = UUID.nameUUIDFromBytes(("notifier-kill-" + i).getBytes(StandardCharsets.UTF_8));
        String fingerprint = "fp-kill-" + (i % 37);
        return new Notification(id, Instant.parse("2026-11-22T00:00:00Z").plusSeconds(i), SOURCE, 1,
                NotificationKind.FIRING, UUID.nameUUIDFromBytes(("alert-" + i).getBytes(StandardCharsets.UTF_8)),
                fingerprint, i, "kill-test", Severity.WARNING, null, "notification " + i, Map.of("host", "e2e"), i,
                Instant.parse("2026-11-22T00:00:00Z"));
    }
}
