package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.DeadLetterHeaders;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.mattermost.BotPost;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
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
 * Issue 10's acceptance on the real broker and PostgreSQL against the Mattermost fake: the routes tree
 * (continue, several destinations, default route), a storm within the rate limit and in order, bot
 * threads, escalation, mute windows, and a destination failing for good told once on the fallback route.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TreeRoutesResource.class, restrictToAnnotatedClass = true)
class RoutingTreeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MattermostFake fake = TreeRoutesResource.fake();
    private final KafkaCompanion kafka = KafkaResource.companion();

    @Inject
    TestClock clock;

    @Test
    void continueAndSeveralDestinationsGiveOnePostToEachAndTheDefaultRouteTakesTheRest() {
        Notification n = notification("fanout", NotificationKind.FIRING, Severity.WARNING, "fp-" + UUID.randomUUID(), 1);
        Notification stray = notification("nothing-matches", NotificationKind.FIRING, Severity.WARNING,
                "fp-" + UUID.randomUUID(), 1);

        publish(n, stray);

        await().atMost(PATIENCE).until(() -> postsOf("admins", stray).size() == 1);
        // "Exactly one" after a sentinel: the same incident's next post follows n on every lane.
        Notification sentinel = notification("fanout", NotificationKind.REMINDER, Severity.WARNING, n.fingerprint(), 2);
        publish(sentinel);
        for (String hook : List.of("fan-a", "fan-b", "fan-c")) {
            await().atMost(PATIENCE).until(() -> postsOf(hook, sentinel).size() == 1);
            assertThat(postsOf(hook, n)).as(hook).hasSize(1);
        }
        assertThat(postsOf("admins", n)).isEmpty();
        assertThat(postsOf("fan-a", stray)).isEmpty();
    }

    @Test
    void aStormOf500IsDeliveredCompletelyNeverAboveTheRateLimitAndInOrderPerIncident() {
        // The server's own limiter (Mattermost's kind) must never answer 429 to us.
        fake.rateLimit(50, 40).resetArrivals();
        try {
            List<Notification> storm = new ArrayList<>();
            List<String> incidents = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                incidents.add("fp-storm-" + i + "-" + UUID.randomUUID());
            }
            for (int seq = 1; seq <= 20; seq++) {
                for (String incident : incidents) {
                    storm.add(notification("storm", seq == 1 ? NotificationKind.FIRING : NotificationKind.REMINDER,
                            Severity.WARNING, incident, seq));
                }
            }

            publish(storm.toArray(new Notification[0]));

            String hook = TreeRoutesResource.hook("storm");
            await().atMost(Duration.ofSeconds(60)).until(() -> fake.posts(hook).size() >= 500);
            // Counted after a sentinel per incident: each incident's 21st post comes after its first 20.
            List<Notification> sentinels = new ArrayList<>();
            for (String incident : incidents) {
                sentinels.add(notification("storm", NotificationKind.REMINDER, Severity.WARNING, incident, 21));
            }
            publish(sentinels.toArray(new Notification[0]));
            storm.addAll(sentinels);
            await().atMost(Duration.ofSeconds(30)).until(() -> fake.posts(hook).size() >= 525);
            assertThat(fake.posts(hook)).hasSize(525);
            assertThat(fake.rateLimited()).isZero();
            // 50 a second with bursts of 20: no second of sending holds more than 70 requests. The fake
            // sees arrivals, which scheduling on a loaded machine can bunch by up to a tenth of a second
            // (it once saw 71): 5 more for that. The server's limiter above is the strict verdict.
            assertThat(fake.mostArrivalsWithin(Duration.ofSeconds(1))).isLessThanOrEqualTo(50 + 20 + 5);
            Map<String, Long> sequenceById = new HashMap<>();
            storm.forEach(s -> sequenceById.put(s.eventId().toString(), s.sequence()));
            Map<String, List<Long>> order = new HashMap<>();
            for (ReceivedPost p : fake.posts(hook)) {
                JsonNode props = p.payload().path("props");
                order.computeIfAbsent(props.path("vigil_fingerprint").asText(), k -> new ArrayList<>())
                        .add(sequenceById.get(props.path("vigil_notification_id").asText()));
            }
            assertThat(order).hasSize(25);
            order.forEach((incident, seqs) -> assertThat(seqs).as(incident).isSorted().hasSize(21).doesNotHaveDuplicates());
        } finally {
            fake.noRateLimit();
        }
    }

    @Test
    void botModeThreadsAnIncidentOneRootEditedTwiceAndTwoReplies() {
        String fingerprint = "fp-bot-" + UUID.randomUUID();
        Notification firing = notification("bot", NotificationKind.FIRING, Severity.CRITICAL, fingerprint, 1);
        Notification acked = withActor(notification("bot", NotificationKind.ACKNOWLEDGED, Severity.CRITICAL,
                fingerprint, 2), "alice");
        Notification resolved = notification("bot", NotificationKind.RESOLVED, Severity.CRITICAL, fingerprint, 3);

        publish(firing, acked, resolved);

        String channel = TreeRoutesResource.botChannelId();
        await().atMost(PATIENCE).until(() -> rootsOf(channel, fingerprint).size() == 1
                && fake.replies(rootsOf(channel, fingerprint).get(0).id()).size() == 2
                && fake.patches(rootsOf(channel, fingerprint).get(0).id()) == 2);
        BotPost root = rootsOf(channel, fingerprint).get(0);
        assertThat(root.props().path("vigil_notification_id").asText()).isEqualTo(firing.eventId().toString());
        assertThat(root.priority()).isEqualTo("urgent");
        List<BotPost> replies = fake.replies(root.id());
        assertThat(replies).extracting(r -> r.props().path("vigil_notification_id").asText())
                .containsExactly(acked.eventId().toString(), resolved.eventId().toString());
        BotPost now = fake.post(root.id());
        assertThat(now.patches()).hasSize(2);
        assertThat(now.patches().get(0).message()).contains("Acknowledged").contains("alice");
        assertThat(now.currentMessage()).contains("Resolved");
        assertThat(now.currentProps().path("attachments").get(0).path("color").asText()).isEqualTo("good");
        assertThat(now.currentProps().path("attachments").get(0).path("title").asText()).startsWith("[RESOLVED]");

        // The incident is over: its next firing starts a new thread.
        Notification again = notification("bot", NotificationKind.FIRING, Severity.CRITICAL, fingerprint, 4);
        publish(again);
        await().atMost(PATIENCE).until(() -> rootsOf(channel, fingerprint).size() == 2);
        // The new root follows the first thread's posts on the incident's lane: nothing more came to it.
        assertThat(fake.replies(root.id())).hasSize(2);
        assertThat(fake.patches(root.id())).isEqualTo(2);
    }

    @Test
    void anUnacknowledgedIncidentEscalatesAfterItsDelayAndAnAcknowledgedOneDoesNot() {
        Notification ignored = notification("escalating", NotificationKind.FIRING, Severity.CRITICAL,
                "fp-ignored-" + UUID.randomUUID(), 1);
        Notification handled = notification("escalating", NotificationKind.FIRING, Severity.CRITICAL,
                "fp-handled-" + UUID.randomUUID(), 1);
        Notification handledAck = withActor(notification("escalating", NotificationKind.ACKNOWLEDGED,
                Severity.CRITICAL, handled.fingerprint(), 2), "bob");

        publish(ignored, handled, handledAck);

        await().atMost(PATIENCE).until(() -> postsOfIncident("first", ignored.fingerprint()).size() == 1
                && postsOfIncident("first", handled.fingerprint()).size() == 2);
        Instant firstPosted = postsOfIncident("first", ignored.fingerprint()).get(0).receivedAt();
        await().atMost(PATIENCE).until(() -> postsOfIncident("second", ignored.fingerprint()).size() == 1);
        ReceivedPost escalation = postsOfIncident("second", ignored.fingerprint()).get(0);
        assertThat(Duration.between(firstPosted, escalation.receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(escalation.text()).startsWith("@oncall").contains("nobody acknowledged it after 2s");
        assertThat(escalation.attachments().get(0).path("title").asText()).startsWith("[ESCALATED]");

        // A later incident escalating proves the acknowledged one had its chance and passed.
        Notification later = notification("escalating", NotificationKind.FIRING, Severity.CRITICAL,
                "fp-later-" + UUID.randomUUID(), 1);
        publish(later);
        await().atMost(PATIENCE).until(() -> postsOfIncident("second", later.fingerprint()).size() == 1);
        assertThat(postsOfIncident("second", handled.fingerprint())).isEmpty();
        assertThat(postsOfIncident("second", ignored.fingerprint())).hasSize(1);
    }

    @Test
    void aMuteWindowHoldsPostsUntilItEndsThenSendsThemInOrder() {
        ZonedDateTime saturday = ZonedDateTime.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.SATURDAY))
                .withHour(12).withMinute(0);
        String fingerprint = "fp-muted-" + UUID.randomUUID();
        Notification firing = notification("muted", NotificationKind.FIRING, Severity.WARNING, fingerprint, 1);
        Notification resolved = notification("muted", NotificationKind.RESOLVED, Severity.WARNING, fingerprint, 2);
        clock.moveTo(saturday.toInstant());
        try {
            publish(firing, resolved);

            await().atMost(PATIENCE).until(() -> "held".equals(status(firing.eventId()))
                    && "held".equals(status(resolved.eventId())));
            // Held across rounds of the releaser (every 200 ms here) while the window stays open.
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> postsOfIncident("muted", fingerprint).isEmpty());

            clock.moveTo(saturday.plusDays(2).toInstant());

            await().atMost(PATIENCE).until(() -> postsOfIncident("muted", fingerprint).size() == 2);
            // Exactly those two, counted after a later post of the same incident.
            Notification sentinel = notification("muted", NotificationKind.FIRING, Severity.WARNING, fingerprint, 3);
            publish(sentinel);
            await().atMost(PATIENCE).until(() -> postsOfIncident("muted", fingerprint).size() >= 3);
            assertThat(postsOfIncident("muted", fingerprint)).hasSize(3);
            assertThat(postsOfIncident("muted", fingerprint).subList(0, 2)).extracting(
                    p -> p.payload().path("props").path("vigil_notification_id").asText())
                    .containsExactly(firing.eventId().toString(), resolved.eventId().toString());
            await().atMost(PATIENCE).until(() -> "delivered".equals(status(resolved.eventId())) && heldRows() == 0);
        } finally {
            clock.reset();
        }
    }

    @Test
    void aDestinationFailingForGoodIsDeadLetteredAndToldOnceOnTheFallbackRouteThenResolved() throws Exception {
        Notification first = notification("gone", NotificationKind.FIRING, Severity.WARNING, "fp-g1-" + UUID.randomUUID(), 1);
        Notification second = notification("gone", NotificationKind.FIRING, Severity.WARNING, "fp-g2-" + UUID.randomUUID(), 1);

        try (ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics(Topics.NOTIFICATIONS_DLQ)) {
            publish(first, second);

            await().atMost(PATIENCE).until(() -> dlq.getRecords().stream().filter(r -> r.key().equals(first.fingerprint())
                    || r.key().equals(second.fingerprint())).count() == 2);
            ConsumerRecord<String, String> dead = dlq.getRecords().stream()
                    .filter(r -> r.key().equals(first.fingerprint())).findFirst().orElseThrow();
            assertThat(header(dead, DeadLetterHeaders.CAUSE)).isEqualTo("http_404");
        }
        await().atMost(PATIENCE).until(() -> channelAlerts().size() == 1);
        ReceivedPost alert = channelAlerts().get(0);
        assertThat(alert.attachments().get(0).path("title").asText()).contains("FIRING")
                .contains("notification-channel-failing");
        assertThat(alert.attachments().get(0).path("text").asText()).contains("route gone").contains("404");

        // Fixed: the channel exists now, the next post goes through, and the alert resolves once.
        fake.addChannel("no-such-channel");
        Notification third = notification("gone", NotificationKind.FIRING, Severity.WARNING, "fp-g3-" + UUID.randomUUID(), 1);
        publish(third);
        await().atMost(PATIENCE).until(() -> channelAlerts().size() == 2);
        assertThat(channelAlerts().get(1).attachments().get(0).path("title").asText()).contains("RESOLVED");
        assertThat(postsOf("gone", third)).hasSize(1);
    }

    private List<ReceivedPost> channelAlerts() {
        return fake.posts(TreeRoutesResource.hook("admins")).stream()
                .filter(p -> p.payload().path("props").path("vigil_fingerprint").asText()
                        .startsWith("vigil-notifier/notification-channel-failing/"))
                .toList();
    }

    private List<ReceivedPost> postsOf(String hook, Notification n) {
        return fake.posts(TreeRoutesResource.hook(hook)).stream()
                .filter(p -> n.eventId().toString().equals(p.payload().path("props").path("vigil_notification_id").asText()))
                .toList();
    }

    private List<ReceivedPost> postsOfIncident(String hook, String fingerprint) {
        return fake.posts(TreeRoutesResource.hook(hook)).stream()
                .filter(p -> fingerprint.equals(p.payload().path("props").path("vigil_fingerprint").asText()))
                .toList();
    }

    private List<BotPost> rootsOf(String channel, String fingerprint) {
        return fake.roots(channel).stream()
                .filter(p -> fingerprint.equals(p.props().path("vigil_fingerprint").asText()))
                .toList();
    }

    private void publish(Notification... notifications) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Notification n : notifications) {
            records.add(new ProducerRecord<>(Topics.NOTIFICATIONS, n.fingerprint(), Json.write(n)));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion(PATIENCE);
    }

    private static String status(UUID id) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT status FROM notifier.delivery_log WHERE notification_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int heldRows() throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM notifier.held");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Notification notification(String route, NotificationKind kind, Severity severity,
            String fingerprint, long sequence) {
        UUID alertId = UUID.nameUUIDFromBytes(fingerprint.getBytes(StandardCharsets.UTF_8));
        return new Notification(Notification.idFor(alertId, sequence), Instant.now(),
                new EventSource("alert-service", "test"), 1, kind, alertId, fingerprint, sequence, "high-cpu", severity,
                null, "CPU at 97% on web-1", Map.of("host", "web-1", "route", route), 0.97,
                Instant.now().minusSeconds(300));
    }

    private static Notification withActor(Notification n, String actor) {
        return new Notification(n.eventId(), n.occurredAt(), n.source(), n.schemaVersion(), n.kind(), n.alertId(),
                n.fingerprint(), n.sequence(), n.rule(), n.severity(), n.previousSeverity(), n.summary(), n.labels(),
                n.value(), n.since(), "acknowledged", null, null, actor, "on it");
    }
}
