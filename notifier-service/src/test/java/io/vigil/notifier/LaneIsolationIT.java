package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * One failing webhook never delays another: a route whose webhook answers 500 for a minute (each of
 * its notifications retrying ~30 times, a second or two apart) while another route gets 20
 * notifications, which must all be posted within 5 seconds of being sent. Also: such long retries keep
 * renewing their claim.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MattermostRoutesResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "notifier.max-attempts", value = "30"),
        @ResourceArg(name = "notifier.initial-backoff", value = "1s"),
        @ResourceArg(name = "notifier.max-backoff", value = "2s")})
class LaneIsolationIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int FAILING = 8;
    private static final int HEALTHY = 20;

    private final MattermostFake fake = MattermostRoutesResource.fake();
    private final KafkaCompanion kafka = KafkaResource.companion();

    @Test
    void aRouteFailingWith500DoesNotDelayAnotherRoutesPosts() {
        String failingHook = MattermostRoutesResource.hook(MattermostRoutesResource.FLAKY);
        String healthyHook = MattermostRoutesResource.hook(MattermostRoutesResource.OK);
        // More 500s than the failing notifications can use up: the hook fails for the whole test.
        Reply[] fiveHundreds = new Reply[FAILING * 30 + 10];
        java.util.Arrays.fill(fiveHundreds, Reply.status(500));
        fake.script(failingHook, fiveHundreds);

        List<Notification> failing = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) {
            failing.add(notification(MattermostRoutesResource.FLAKY));
        }
        publish(failing);
        // The failing notifications are in their retries (they were read first, on the one partition).
        await().atMost(PATIENCE).until(() -> fake.requests(failingHook) >= FAILING);

        List<Notification> healthy = new ArrayList<>();
        for (int i = 0; i < HEALTHY; i++) {
            healthy.add(notification(MattermostRoutesResource.OK));
        }
        Set<String> expected = healthy.stream().map(n -> n.eventId().toString()).collect(Collectors.toSet());
        Instant sent = Instant.now();
        publish(healthy);

        // Five seconds from the moment they were sent, not from when the producer returned.
        await().atMost(Duration.ofSeconds(5).minus(Duration.between(sent, Instant.now())))
                .until(() -> postedIds(healthyHook).containsAll(expected));
        // The other route was failing all along: nothing of it got through, its notifications still retry.
        assertThat(fake.posts(failingHook)).isEmpty();
        assertThat(fake.attempts(failingHook)).allMatch(a -> a.status() == 500);
    }

    @Test
    void aLongRetryKeepsRenewingItsClaim() throws Exception {
        // Its own route: the other test leaves FLAKY's lanes busy with retries for a while.
        String failingHook = MattermostRoutesResource.hook(MattermostRoutesResource.ORDERED);
        Reply[] fiveHundreds = new Reply[40];
        java.util.Arrays.fill(fiveHundreds, Reply.status(500));
        fake.script(failingHook, fiveHundreds);
        Notification n = notification(MattermostRoutesResource.ORDERED);

        publish(List.of(n));
        await().atMost(PATIENCE).until(() -> lease(n.eventId()) != null);
        Instant first = lease(n.eventId());

        // Retries come every second or two; each one first moves the lease on.
        await().atMost(PATIENCE).until(() -> lease(n.eventId()).isAfter(first));
        assertThat(fake.posts(failingHook)).isEmpty();
    }

    private static Instant lease(UUID id) throws SQLException {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT lease_until FROM notifier.delivery_log WHERE notification_id = ? AND status = 'pending'")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private Set<String> postedIds(String hook) {
        return fake.posts(hook).stream()
                .map(p -> p.payload().path("props").path("vigil_notification_id").asText())
                .collect(Collectors.toSet());
    }

    private void publish(List<Notification> notifications) {
        kafka.produceStrings()
                .fromRecords(notifications.stream()
                        .map(n -> new ProducerRecord<>(Topics.NOTIFICATIONS, n.fingerprint(), Json.write(n)))
                        .toList())
                .awaitCompletion(PATIENCE);
    }

    private static Notification notification(String hookLabel) {
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "test"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp-" + UUID.randomUUID(), 1, "high-cpu", Severity.CRITICAL,
                null, "CPU at 97% on web-1", Map.of("host", "web-1", "hook", hookLabel), 0.97,
                Instant.parse("2026-11-20T10:00:00Z"));
    }
}
