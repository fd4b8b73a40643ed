package io.vigil.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.config.MattermostTarget;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.mattermost.Attempt;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import io.vigil.test.mattermost.Reply;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The notifier end to end against a real Kafka broker, a real PostgreSQL and the Mattermost fake:
 * records go in on {@code notifications}, posts come out at the fake, failures on {@code notifications-dlq}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MattermostRoutesResource.class, restrictToAnnotatedClass = true)
class NotificationDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final MattermostFake fake = MattermostRoutesResource.fake();
    private final KafkaCompanion kafka = KafkaResource.companion();

    @Test
    void aFiringNotificationBecomesOnePostWithColourAndFields() throws Exception {
        Notification n = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.CRITICAL);

        publish(n);

        ReceivedPost post = awaitOnePost(MattermostRoutesResource.OK, n);
        var attachment = post.attachments().get(0);
        assertThat(post.channel()).isEqualTo("ops");
        assertThat(post.username()).isEqualTo("vigil");
        assertThat(post.iconUrl()).isEqualTo("https://vigil.example/icon.png");
        assertThat(attachment.get("color").asText()).isEqualTo("danger");
        assertThat(attachment.get("title").asText()).isEqualTo("[FIRING] high-cpu");
        assertThat(attachment.get("text").asText()).isEqualTo(n.summary());
        assertThat(post.field("Host")).isEqualTo("web-1");
        assertThat(post.field("Value")).isEqualTo("0.97");
        assertThat(post.field("Rule")).isEqualTo("high-cpu");
        assertThat(post.field("Severity")).isEqualTo("critical");
        assertThat(post.field("Since")).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(entry(n.eventId())).isEqualTo(new Entry("delivered", 1, MattermostRoutesResource.OK, null));
    }

    @Test
    void theSameNotificationSentAgainIsNotPostedTwice() throws Exception {
        Notification n = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.WARNING);
        publish(n);
        awaitOnePost(MattermostRoutesResource.OK, n);

        // Same eventId again, then a sentinel on the same key: one partition, handled in order, so
        // once the sentinel is posted the duplicate has been handled too.
        publish(n);
        Notification sentinel = notification(MattermostRoutesResource.OK, NotificationKind.RESOLVED, Severity.WARNING,
                n.fingerprint());
        publish(sentinel);
        awaitOnePost(MattermostRoutesResource.OK, sentinel);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> postsOf(MattermostRoutesResource.OK, n).size() == 1);
        assertThat(entry(n.eventId()).status()).isEqualTo("delivered");
    }

    @Test
    void aGroupOfThirtyAlertsIsOnePostNamingEveryRuleAndPostsNothingMoreWhenSentAgain() throws Exception {
        String fingerprint = "fp-" + UUID.randomUUID();
        String groupKey = "ok/host=web-1/" + UUID.randomUUID();
        List<GroupedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alerts.add(groupedAlert(NotificationKind.FIRING, i < 5 ? Severity.CRITICAL : Severity.WARNING, "rule-" + i));
        }
        // No hook label: only the route it names takes it to the "ok" hook (else it would be unrouted).
        Notification group = grouped(fingerprint, groupKey, "first", alerts);

        publish(group);

        ReceivedPost post = awaitOnePost(MattermostRoutesResource.OK, group);
        var attachment = post.attachments().get(0);
        assertThat(post.attachments()).hasSize(1);
        assertThat(attachment.get("title").asText()).isEqualTo("[FIRING] web-1: 30 firing");
        assertThat(attachment.get("color").asText()).isEqualTo("danger");
        String text = attachment.get("text").asText();
        for (int i = 0; i < 30; i++) {
            assertThat(text).contains("**rule-" + i + "**");
        }
        assertThat(entry(group.eventId())).isEqualTo(new Entry("delivered", 1, MattermostRoutesResource.OK, null));

        // The same group notification again, then the group's next post as a sentinel: same key, same
        // lane, handled in order, so once the sentinel is posted the repeat has been handled too.
        publish(group);
        Notification sentinel = grouped(fingerprint, groupKey, "resolved",
                List.of(groupedAlert(NotificationKind.RESOLVED, Severity.CRITICAL, "rule-0")));
        publish(sentinel);
        awaitOnePost(MattermostRoutesResource.OK, sentinel);

        assertThat(postsOf(MattermostRoutesResource.OK, group)).hasSize(1);
        assertThat(entry(group.eventId())).isEqualTo(new Entry("delivered", 1, MattermostRoutesResource.OK, null));
    }

    @Test
    void aNotificationNamingARouteThisNotifierDoesNotHaveGoesByFirstMatchAndIsCounted() throws Exception {
        Notification plain = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.WARNING);
        Notification n = new Notification(plain.eventId(), plain.occurredAt(), plain.source(), 1, plain.kind(),
                plain.alertId(), plain.fingerprint(), plain.sequence(), plain.rule(), plain.severity(), null,
                plain.summary(), plain.labels(), plain.value(), plain.since(), "first", "renamed-since", null, null,
                null);

        publish(n);

        awaitOnePost(MattermostRoutesResource.OK, n);
        await().atMost(PATIENCE).until(() -> "delivered".equals(entry(n.eventId()).status()));
        assertThat(entry(n.eventId()).route()).isEqualTo(MattermostRoutesResource.OK);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_notifications_route_fallback_total{route=\"ok\"}"));
    }

    @Test
    void aGroupNamingAnUnknownRouteThatNoRouteMatchesIsRecordedAsUnroutedAndCounted() throws Exception {
        Notification named = grouped("fp-" + UUID.randomUUID(), "gone/host=web-1/" + UUID.randomUUID(), "first",
                List.of(groupedAlert(NotificationKind.FIRING, Severity.WARNING, "high-cpu"),
                        groupedAlert(NotificationKind.FIRING, Severity.WARNING, "high-load")));
        Notification n = new Notification(named.eventId(), named.occurredAt(), named.source(), 1, named.kind(),
                named.alertId(), named.fingerprint(), named.sequence(), named.rule(), named.severity(), null,
                named.summary(), named.labels(), named.value(), named.since(), named.reason(), "gone", named.group(),
                null, null);

        publish(n);

        await().atMost(PATIENCE).until(() -> entry(n.eventId()) != null);
        assertThat(entry(n.eventId())).isEqualTo(new Entry("unrouted", 0, null, null));
        assertThat(fake.allPosts()).noneMatch(p -> isPostOf(p, n));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_notifications_route_fallback_total{route=\"none\"}"));
    }

    @Test
    void aHookFailingTwiceWith500GetsExactlyOnePostOnTheThirdRequest() throws Exception {
        String hook = MattermostRoutesResource.hook(MattermostRoutesResource.FLAKY);
        fake.script(hook, Reply.status(500), Reply.status(500));
        Notification n = notification(MattermostRoutesResource.FLAKY, NotificationKind.FIRING, Severity.CRITICAL);

        publish(n);

        awaitOnePost(MattermostRoutesResource.FLAKY, n);
        assertThat(fake.attempts(hook)).extracting(Attempt::status).containsExactly(500, 500, 200);
        await().atMost(PATIENCE).until(() -> entry(n.eventId()).status().equals("delivered"));
        assertThat(entry(n.eventId()).attempts()).isEqualTo(3);
    }

    @Test
    void aHookAnswering400SendsTheNotificationToTheDeadLetterTopicWithTheReason() throws Exception {
        String hook = MattermostRoutesResource.hook(MattermostRoutesResource.REJECTING);
        fake.script(hook, Reply.status(400));
        Notification n = notification(MattermostRoutesResource.REJECTING, NotificationKind.FIRING, Severity.CRITICAL);

        try (ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics(Topics.NOTIFICATIONS_DLQ)) {
            publish(n);

            ConsumerRecord<String, String> dead = awaitDeadLetter(dlq, n.fingerprint());
            assertThat(Json.read(dead.value(), Notification.class).eventId()).isEqualTo(n.eventId());
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("HTTP 400").doesNotContain(hook);
            assertThat(header(dead, DeadLetterHeaders.CAUSE)).isEqualTo("http_400");
            assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.NOTIFICATIONS);
            assertThat(header(dead, DeadLetterHeaders.OFFSET)).matches("\\d+");
        }
        // Permanent: no retry, no post.
        assertThat(fake.requests(hook)).isEqualTo(1);
        assertThat(fake.posts(hook)).isEmpty();
        await().atMost(PATIENCE).until(() -> entry(n.eventId()).status().equals("dead"));
        assertThat(entry(n.eventId()).lastError()).contains("HTTP 400").doesNotContain(hook);
    }

    @Test
    void aRateLimitedPostIsRetriedAfterRetryAfter() throws Exception {
        String hook = MattermostRoutesResource.hook(MattermostRoutesResource.LIMITED);
        fake.script(hook, Reply.tooManyRequests(2));
        Notification n = notification(MattermostRoutesResource.LIMITED, NotificationKind.FIRING, Severity.WARNING);

        publish(n);

        awaitOnePost(MattermostRoutesResource.LIMITED, n);
        List<Attempt> attempts = fake.attempts(hook);
        assertThat(attempts).extracting(Attempt::status).containsExactly(429, 200);
        // The configured backoff is at most 100ms, so a gap of two seconds is Retry-After at work.
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(fake.posts(hook)).hasSize(1);
    }

    @Test
    void aStalledRequestTimesOutAndIsRetried() throws Exception {
        String hook = MattermostRoutesResource.hook(MattermostRoutesResource.STALLING);
        fake.script(hook, Reply.stall(Duration.ofSeconds(5)));
        Notification n = notification(MattermostRoutesResource.STALLING, NotificationKind.FIRING, Severity.CRITICAL);

        publish(n);

        awaitOnePost(MattermostRoutesResource.STALLING, n);
        assertThat(fake.requests(hook)).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> entry(n.eventId()).status().equals("delivered"));
        assertThat(entry(n.eventId()).attempts()).isEqualTo(2);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneIsStillDelivered() throws Exception {
        Notification good = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.CRITICAL);

        try (ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics(Topics.NOTIFICATIONS_DLQ)) {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.NOTIFICATIONS, good.fingerprint(), "{\"eventId\": \"not a uuid\""),
                    new ProducerRecord<>(Topics.NOTIFICATIONS, good.fingerprint(), Json.write(good)))
                    .awaitCompletion(PATIENCE);

            ConsumerRecord<String, String> dead = awaitDeadLetter(dlq, good.fingerprint());
            assertThat(dead.value()).isEqualTo("{\"eventId\": \"not a uuid\"");
            assertThat(header(dead, DeadLetterHeaders.REASON)).contains("Notification");
            assertThat(header(dead, DeadLetterHeaders.CAUSE)).contains("EventFormatException");
            assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.NOTIFICATIONS);
            assertThat(header(dead, DeadLetterHeaders.PARTITION)).isEqualTo("0");
        }
        awaitOnePost(MattermostRoutesResource.OK, good);
    }

    @Test
    void aNotificationNoRouteTakesIsLoggedAndRecordedAsUnrouted() throws Exception {
        Notification n = notification(null, NotificationKind.FIRING, Severity.WARNING);

        publish(n);

        await().atMost(PATIENCE).until(() -> entry(n.eventId()) != null);
        assertThat(entry(n.eventId())).isEqualTo(new Entry("unrouted", 0, null, null));
        assertThat(fake.allPosts()).noneMatch(p -> isPostOf(p, n));
    }

    @Test
    void metricsCountOutcomesAndTheServiceIsReady() throws Exception {
        Notification n = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.WARNING);
        publish(n);
        awaitOnePost(MattermostRoutesResource.OK, n);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_notifications_total{"))
                .body(containsString("outcome=\"delivered\""))
                .body(containsString("route=\"ok\""))
                .body(containsString("vigil_notifications_delivery_seconds_count{"))
                .body(containsString("vigil_notifications_in_flight{"));
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("delivery-log"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void firingThenResolvedOfOneAlertArePostedInOrderEvenWhenFiringIsRetried() throws Exception {
        String hook = MattermostRoutesResource.hook(MattermostRoutesResource.ORDERED);
        // Firing fails twice: were the lanes not ordered per alert, resolved would overtake it.
        fake.script(hook, Reply.status(500), Reply.status(500));
        Notification firing = notification(MattermostRoutesResource.ORDERED, NotificationKind.FIRING, Severity.CRITICAL);
        Notification resolved = notification(MattermostRoutesResource.ORDERED, NotificationKind.RESOLVED,
                Severity.CRITICAL, firing.fingerprint());

        publish(firing);
        publish(resolved);

        await().atMost(PATIENCE).until(() -> fake.posts(hook).size() >= 2);
        assertThat(fake.posts(hook)).extracting(p -> p.payload().path("props").path("vigil_notification_id").asText())
                .containsExactly(firing.eventId().toString(), resolved.eventId().toString());
    }

    @Test
    void aPendingClaimOfAnotherLiveProcessIsDeliveredOnlyAfterItsLeaseEnds() throws Exception {
        Notification n = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.CRITICAL);
        Instant leaseEnd;
        // Another process claimed it 1s ago and may be posting right now; its lease runs 3s more.
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO notifier.delivery_log (notification_id, fingerprint, rule, kind, route, status, owner,
                            lease_until, destination)
                        VALUES (?, ?, 'high-cpu', 'firing', 'ok', 'pending', 'another-process', now() + interval '3 seconds', ?)
                        RETURNING lease_until""")) {
            s.setObject(1, n.eventId());
            s.setString(2, n.fingerprint());
            // The claim is per destination: the OK route's one hook.
            s.setString(3, new MattermostTarget(fake.hookUrl(MattermostRoutesResource.hook(MattermostRoutesResource.OK)),
                    null, null, null).key());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                leaseEnd = rs.getTimestamp(1).toInstant();
            }
        }

        publish(n);

        ReceivedPost post = awaitOnePost(MattermostRoutesResource.OK, n);
        assertThat(post.receivedAt()).isAfterOrEqualTo(leaseEnd);
        await().atMost(PATIENCE).until(() -> entry(n.eventId()).status().equals("delivered"));
        assertThat(owner(n.eventId())).isNotEqualTo("another-process");
    }

    @Test
    void aWebhookRefusingConnectionsEndsInTheDeadLetterTopicWithTheReason() throws Exception {
        Notification n = notification(MattermostRoutesResource.REFUSED, NotificationKind.FIRING, Severity.CRITICAL);

        try (ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics(Topics.NOTIFICATIONS_DLQ)) {
            publish(n);

            ConsumerRecord<String, String> dead = awaitDeadLetter(dlq, n.fingerprint());
            assertThat(Json.read(dead.value(), Notification.class).eventId()).isEqualTo(n.eventId());
            assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("destination mattermost: gave up after 4 attempts: connection refused");
            assertThat(header(dead, DeadLetterHeaders.CAUSE)).isEqualTo("connection");
        }
        await().atMost(PATIENCE).until(() -> entry(n.eventId()).status().equals("dead"));
        assertThat(entry(n.eventId()).attempts()).isEqualTo(4);
    }

    @Test
    void finishedRowsOlderThanTheRetentionAreDeletedAndOthersKept() throws Exception {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID oldButPending = UUID.randomUUID();
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO notifier.delivery_log (notification_id, fingerprint, kind, status, created_at, finished_at)
                        VALUES (?, 'fp-old', 'firing', 'delivered', now() - interval '91 days', now() - interval '91 days'),
                               (?, 'fp-recent', 'firing', 'delivered', now() - interval '89 days', now() - interval '89 days'),
                               (?, 'fp-pending', 'firing', 'pending', now() - interval '91 days', NULL)""")) {
            s.setObject(1, old);
            s.setObject(2, recent);
            s.setObject(3, oldButPending);
            s.executeUpdate();
        }

        // The test profile runs the clean-up every second; the default retention is 90 days.
        await().atMost(PATIENCE).until(() -> entry(old) == null);
        assertThat(entry(recent)).isNotNull();
        assertThat(entry(oldButPending)).isNotNull();
    }

    @Test
    void whilePostgresRefusesConnectionsNothingIsPostedOrAckedReadinessIsDownAndItResumesAlone() throws Exception {
        Notification n = notification(MattermostRoutesResource.OK, NotificationKind.FIRING, Severity.CRITICAL);
        String database;
        String adminUrl;
        try (Connection c = PostgresResource.connect()) {
            database = c.getCatalog();
            adminUrl = c.getMetaData().getURL().replace("/" + database, "/postgres");
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = admin.createStatement()) {
            try {
                // An outage as the service sees it: its connections drop and new ones are refused.
                s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");

                publish(n);

                await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/q/health/ready").then()
                        .statusCode(503).body(containsString("delivery log database failing")));
                given().when().get("/q/health/live").then().statusCode(200);
                assertThat(postsOf(MattermostRoutesResource.OK, n)).isEmpty();
            } finally {
                s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            }
        }

        awaitOnePost(MattermostRoutesResource.OK, n);
        await().atMost(PATIENCE).until(() -> "delivered".equals(entry(n.eventId()).status()));
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Entry(String status, int attempts, String route, String lastError) {
    }

    private ReceivedPost awaitOnePost(String route, Notification n) {
        await().atMost(PATIENCE).until(() -> postsOf(route, n).size() >= 1);
        List<ReceivedPost> posts = postsOf(route, n);
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private List<ReceivedPost> postsOf(String route, Notification n) {
        return fake.posts(MattermostRoutesResource.hook(route)).stream().filter(p -> isPostOf(p, n)).toList();
    }

    private static boolean isPostOf(ReceivedPost post, Notification n) {
        var props = post.payload().get("props");
        return props != null && n.eventId().toString().equals(props.path("vigil_notification_id").asText());
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(ConsumerTask<String, String> dlq, String key) {
        await().atMost(PATIENCE).until(() -> dlq.getRecords().stream().anyMatch(r -> key.equals(r.key())));
        List<ConsumerRecord<String, String>> mine = dlq.getRecords().stream().filter(r -> key.equals(r.key())).toList();
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void publish(Notification n) {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.NOTIFICATIONS, n.fingerprint(), Json.write(n)))
                .awaitCompletion(PATIENCE);
    }

    private static Entry entry(UUID id) throws SQLException {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT status, attempts, route, last_error FROM notifier.delivery_log WHERE notification_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Entry(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }

    private static String owner(UUID id) throws SQLException {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT owner FROM notifier.delivery_log WHERE notification_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static GroupedAlert groupedAlert(NotificationKind kind, Severity severity, String rule) {
        return new GroupedAlert(UUID.randomUUID(), "fp-" + rule, 1, kind, rule, severity, rule + " on web-1",
                Map.of("host", "web-1"), 0.97, Instant.parse("2026-11-20T10:00:00Z"), Instant.now(), null, null);
    }

    /** A group flush on route "ok", keyed (like its lane) so that flushes of one group stay in order. */
    private static Notification grouped(String fingerprint, String groupKey, String reason, List<GroupedAlert> alerts) {
        GroupedAlert first = alerts.get(0);
        long stillFiring = alerts.stream().filter(a -> a.kind() != NotificationKind.RESOLVED).count();
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "test"), 1,
                first.kind(), first.alertId(), fingerprint, 1, first.rule(), first.severity(), null, first.summary(),
                Map.of("host", "web-1"), first.value(), first.since(), reason, MattermostRoutesResource.OK,
                new NotificationGroup(groupKey, Map.of("host", "web-1"), alerts, (int) stillFiring), null, null);
    }

    private static Notification notification(String hookLabel, NotificationKind kind, Severity severity) {
        return notification(hookLabel, kind, severity, "fp-" + UUID.randomUUID());
    }

    private static Notification notification(String hookLabel, NotificationKind kind, Severity severity,
            String fingerprint) {
        Map<String, String> labels = new HashMap<>();
        labels.put("host", "web-1");
        if (hookLabel != null) {
            labels.put("hook", hookLabel);
        }
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "test"), 1, kind,
                UUID.randomUUID(), fingerprint, 1, "high-cpu", severity, null, "CPU at 97% on web-1", labels, 0.97,
                Instant.parse("2026-11-20T10:00:00Z"));
    }
}
