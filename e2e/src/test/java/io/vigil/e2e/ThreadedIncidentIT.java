package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.mattermost.BotPost;
import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 through the whole path: samples → the packaged alert-service (rule, grouping, an
 * acknowledgement through its API) → the packaged notifier-service → the Mattermost fake's bot API and
 * a webhook. An incident that someone acknowledges is one thread (root edited twice, two replies) and
 * never escalates; one nobody acknowledges escalates to the leads' webhook after its delay.
 */
class ThreadedIncidentIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-threads");

    @TempDir
    static Path dir;

    private static AlertServiceStack stack;
    private static MattermostFake mattermost;
    private static String channel;
    private static String leadsHook;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static AlertApi api;

    @RegisterExtension
    static final TestWatcher LOGS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("=== " + context.getDisplayName() + " failed; alert-service log:\n"
                    + (alertService == null ? "" : alertService.tail()) + "\n=== notifier-service log:\n"
                    + (notifierService == null ? "" : notifierService.tail()));
        }
    };

    @BeforeAll
    static void start() throws Exception {
        mattermost = MattermostFake.start();
        channel = mattermost.addBotChannel("incidents");
        String bot = mattermost.createBot(channel);
        leadsHook = mattermost.createHook("leads");
        stack = AlertServiceStack.start(dir, """
                alerting:
                  group-by: [host]
                  group-wait: 1s
                  group-interval: 1s
                  repeat-interval: 4h
                rules:
                  - name: disk-full
                    metric: e2e_disk_used_ratio
                    critical: {above: 0.9}
                routes:
                  - name: oncall
                    match: {severity: critical}
                    mattermost: {url: "${VIGIL_MM_URL}", bot-token: "${VIGIL_MM_BOT}", channel-id: "${VIGIL_MM_CHANNEL}"}
                    escalate:
                      - {after: 6s, mention: "@lead", mattermost: {name: leads, webhook-url: "${VIGIL_MM_LEADS}"}}
                """, 1, false);
        stack.env().put("VIGIL_MM_URL", mattermost.baseUrl());
        stack.env().put("VIGIL_MM_BOT", bot);
        stack.env().put("VIGIL_MM_CHANNEL", channel);
        stack.env().put("VIGIL_MM_LEADS", mattermost.hookUrl(leadsHook));
        Path logs = Files.createDirectories(Path.of("target", "threaded-incident-it",
                Long.toString(System.currentTimeMillis())));
        alertService = stack.startAlertService(logs);
        notifierService = stack.startNotifierService(logs);
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
        api = new AlertApi(alertService);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (mattermost != null) {
            mattermost.close();
        }
    }

    @Test
    void anAcknowledgedIncidentIsOneThreadAndNeverEscalatesAnIgnoredOneEscalates() throws IOException {
        send("acked-1", 0.95);
        // The escalation is planned when the notifier takes the firing notification, which is after
        // this and before the root post is made: measured from here, "after 6 s" is exact.
        Instant ignoredSent = Instant.now();
        send("ignored-1", 0.95);
        await().atMost(WAIT).until(() -> root("acked-1") != null && root("ignored-1") != null);
        BotPost ackedRoot = root("acked-1");
        assertThat(ackedRoot.attachments().get(0).path("title").asText()).startsWith("[FIRING]");

        // An operator takes acked-1.
        String operator = stack.token("alice", "operator");
        String viewer = stack.token("vic", "viewer");
        String id = firingAlertId("acked-1", viewer);
        AlertApi.Answer ack = api.post("/api/alerts/" + id + "/ack", operator, Map.of("comment", "on it"));
        assertThat(ack.status()).as("ack: %s", ack.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> mattermost.replies(ackedRoot.id()).size() == 1
                && mattermost.patches(ackedRoot.id()) == 1);
        assertThat(mattermost.post(ackedRoot.id()).currentMessage()).contains("Acknowledged").contains("alice");

        // Nobody takes ignored-1: its escalation reaches the leads after 6 s, with the mention first.
        await().atMost(WAIT).until(() -> leadsPosts("ignored-1").size() == 1);
        ReceivedPost escalation = leadsPosts("ignored-1").get(0);
        assertThat(escalation.text()).startsWith("@lead").contains("nobody acknowledged it after 6s");
        assertThat(Duration.between(ignoredSent, escalation.receivedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));

        // acked-1 recovers: a second reply and a second edit of the same root; no new thread.
        send("acked-1", 0.5);
        await().atMost(WAIT).until(() -> mattermost.replies(ackedRoot.id()).size() == 2
                && mattermost.patches(ackedRoot.id()) == 2);
        BotPost after = mattermost.post(ackedRoot.id());
        assertThat(after.currentMessage()).contains("Resolved");
        assertThat(after.currentProps().path("attachments").get(0).path("color").asText()).isEqualTo("good");
        assertThat(roots("acked-1")).hasSize(1);
        // ignored-1's escalation went to the leads, so its thread's only reply is its resolution.
        send("ignored-1", 0.5);
        await().atMost(WAIT).until(() -> mattermost.replies(root("ignored-1").id()).size() == 1
                && mattermost.patches(root("ignored-1").id()) == 1);
        // acked-1 fired with ignored-1, so its step was due seconds ago: the acknowledgement cancelled it.
        assertThat(leadsPosts("acked-1")).isEmpty();
    }

    private static BotPost root(String host) {
        List<BotPost> roots = roots(host);
        return roots.isEmpty() ? null : roots.get(0);
    }

    private static List<BotPost> roots(String host) {
        return mattermost.roots(channel).stream()
                .filter(p -> p.props().path("vigil_group_key").asText().contains("\"" + host + "\""))
                .toList();
    }

    private static List<ReceivedPost> leadsPosts(String host) {
        return mattermost.posts(leadsHook).stream()
                .filter(p -> p.payload().path("props").path("vigil_group_key").asText().contains("\"" + host + "\""))
                .toList();
    }

    private static String firingAlertId(String host, String viewer) {
        AlertApi.Answer page = api.get("/api/alerts?state=firing&match=" + AlertApi.encode("host=\"" + host + "\""),
                viewer);
        assertThat(page.status()).as("alerts: %s", page.body()).isEqualTo(200);
        JsonNode items = page.json().path("items");
        assertThat(items.size()).isEqualTo(1);
        return items.get(0).path("id").asText();
    }

    private static void send(String host, double used) {
        MetricBatch batch = MetricBatch.of(SOURCE, host, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                List.of(MetricSample.of("e2e_disk_used_ratio", used)));
        stack.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch)))
                .awaitCompletion(WAIT);
    }
}
