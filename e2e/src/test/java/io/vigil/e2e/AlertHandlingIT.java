package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import io.vigil.test.mattermost.MattermostFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the packaged alert-service handles alerts once they fire, seen where people see it (posts on
 * a Mattermost fake, through the packaged notifier-service) and through the REST API: inhibition,
 * grouping, silences and reminders with acknowledgement. One stack for the class; every test works
 * on hosts of its own, so the tests do not see each other's posts.
 *
 * <p>"Exactly N posts" is checked after a sentinel: an alert on a new host, on the same route, sent
 * after what is being checked. The dispatcher handles its queue in order and gives a new group the
 * same wait as the interval of a group that posted, and the notifier posts a route's notifications
 * in order, so once the sentinel's post is in, any post the earlier changes would make is in too.
 */
class AlertHandlingIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-handling");
    private static final List<String> SVC = rules("svc-", 10);
    private static final List<String> GRP = rules("grp-", 30);

    @TempDir
    static Path dir;

    private static AlertServiceStack stack;
    private static MattermostFake mattermost;
    private static String opsHook;
    private static ServiceProcess alertService;
    private static ServiceProcess notifierService;
    private static AlertApi api;
    private static String viewer;
    private static String operator;
    private static final Map<String, Instant> lastSent = new HashMap<>();
    private static final AtomicInteger sentinels = new AtomicInteger();

    /** On failure, the end of both services' logs (the whole logs stay under target/). */
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
        opsHook = mattermost.createHook("town-square");
        stack = AlertServiceStack.start(dir, config(), 1, false);
        stack.env().put("VIGIL_MM_OPS", mattermost.hookUrl(opsHook));
        Path logs = logDir();
        alertService = stack.startAlertService(logs);
        notifierService = stack.startNotifierService(logs);
        alertService.awaitReady(Duration.ofSeconds(90));
        notifierService.awaitReady(Duration.ofSeconds(90));
        api = new AlertApi(alertService);
        viewer = stack.token("vic", "viewer");
        operator = stack.token("alice", "operator");
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

    private static String config() {
        StringBuilder yaml = new StringBuilder("""
                alerting:
                  group-by: [host]
                  group-wait: 2s
                  group-interval: 2s
                  repeat-interval: 4h
                rules:
                  - name: host-down
                    metric: up
                    critical: {below: 1}
                """);
        for (String rule : SVC) {
            yaml.append("  - name: ").append(rule).append("\n    metric: ").append(metric(rule))
                    .append("\n    warning: {below: 1}\n");
        }
        for (String rule : GRP) {
            yaml.append("  - name: ").append(rule).append("\n    metric: ").append(metric(rule))
                    .append("\n    warning: {above: 0}\n");
        }
        yaml.append("""
                  - name: sil-a
                    metric: sil_a
                    critical: {above: 0}
                  - name: sil-b
                    metric: sil_b
                    critical: {above: 0}
                  - name: reminded
                    metric: e2e_reminded
                    critical: {above: 0}
                    repeat-interval: 2s
                  - name: sentinel
                    metric: e2e_sentinel
                    critical: {above: 0}
                inhibit:
                  - name: host-down-mutes-host
                    source: ['rule="host-down"']
                    target: ['rule!="host-down"']
                    equal: [host]
                routes:
                  - name: ops
                    mattermost: {webhook-url: "${VIGIL_MM_OPS}"}
                """);
        return yaml.toString();
    }

    // --- inhibition ----------------------------------------------------------------------------------

    @Test
    void aDownHostInhibitsItsServicesAndTheOnesStillFiringArePostedOnceWhenItRecovers() {
        String host = "inh-1";
        // Given a host seen healthy, with ten services up
        send(host, samples(1, 1));

        // When the host goes down with all ten services at once
        send(host, samples(0, 0));

        // Then exactly one post, about host-down only: the ten are inhibited
        GroupPost down = awaitPosts(host, 1).get(0);
        assertThat(down.rules()).as("the first post: %s", down).containsExactly("host-down");
        assertThat(down.rules(NotificationKind.FIRING)).containsExactly("host-down");
        sentinel();
        assertThat(posts(host)).as("posts for %s", host).hasSize(1);

        // When the host comes back while its services are still down
        send(host, samples(1, 0));

        // Then the ten still-firing services are posted once, all together, and host-down's recovery is told once
        eventually("a post naming the ten services as firing", () -> posts(host).stream()
                .anyMatch(p -> p.rules(NotificationKind.FIRING).size() == SVC.size()));
        sentinel();
        List<GroupPost> sinceDown = posts(host);
        List<GroupPost> afterRecovery = sinceDown.subList(1, sinceDown.size());
        assertThat(afterRecovery.stream().filter(p -> !p.rules(NotificationKind.FIRING).isEmpty()))
                .as("posts naming services as firing once host-down resolved: %s", afterRecovery)
                .singleElement()
                .satisfies(p -> assertThat(p.rules(NotificationKind.FIRING)).containsExactlyInAnyOrderElementsOf(SVC))
                .satisfies(p -> assertThat(p.post().rawBody()).contains("no longer inhibited"));
        assertThat(afterRecovery.stream().flatMap(p -> p.lines().stream()).filter(l -> l.rule().equals("host-down")))
                .as("what the posts since say of host-down: %s", afterRecovery)
                .singleElement().extracting(GroupPost.Line::kind).isEqualTo(NotificationKind.RESOLVED);
        assertThat(afterRecovery).as("posts since host-down resolved (the issue: one more post)").hasSize(1);

        // When the services recover
        send(host, samples(1, 1));

        // Then one post tells the ten recoveries
        eventually("a post naming the ten services as resolved", () -> posts(host).stream()
                .anyMatch(p -> p.rules(NotificationKind.RESOLVED).size() == SVC.size()));
        sentinel();
        List<GroupPost> all = posts(host);
        assertThat(all).as("every post for %s: %s", host, all).hasSize(3);
        assertThat(all.get(2).rules(NotificationKind.RESOLVED)).containsExactlyInAnyOrderElementsOf(SVC);
        assertThat(all.get(2).rules()).hasSize(SVC.size());

        // And each of the eleven alerts' history, read through the API, ends resolved
        JsonNode resolved = api.get("/api/alerts?state=resolved&match=" + AlertApi.encode("host=\"" + host + "\""),
                viewer).json();
        List<String> ids = new ArrayList<>();
        Map<String, String> lastEvent = new LinkedHashMap<>();
        resolved.path("items").forEach(a -> ids.add(a.path("id").asText()));
        assertThat(ids).as("resolved alerts on %s: %s", host, resolved).hasSize(1 + SVC.size());
        for (String id : ids) {
            AlertApi.Answer one = api.get("/api/alerts/" + id, viewer);
            assertThat(one.status()).as("GET /api/alerts/%s: %s", id, one.body()).isEqualTo(200);
            JsonNode history = one.json().path("history");
            assertThat(history.size()).as("history of %s", one.body()).isPositive();
            lastEvent.put(one.json().path("alert").path("rule").asText(), history.get(history.size() - 1).path("to").asText());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("host-down", "resolved");
        SVC.forEach(rule -> expected.put(rule, "resolved"));
        assertThat(lastEvent).as("the last event of each alert on %s", host).containsExactlyInAnyOrderEntriesOf(expected);
    }

    // --- grouping ------------------------------------------------------------------------------------

    @Test
    void thirtyRulesTrippingOnOneHostMakeOnePostNamingThemAll() {
        String host = "grp-1";
        Map<String, Double> breach = new LinkedHashMap<>();
        GRP.forEach(rule -> breach.put(metric(rule), 1.0));

        // When one batch breaches thirty rules of one host
        send(host, breach);

        // Then exactly one post, naming all thirty as firing
        GroupPost post = awaitPosts(host, 1).get(0);
        sentinel();
        assertThat(posts(host)).as("posts for %s", host).hasSize(1);
        assertThat(post.more()).as("alerts the post left out: %s", post).isZero();
        assertThat(post.rules(NotificationKind.FIRING)).containsExactlyInAnyOrderElementsOf(GRP);
        assertThat(post.title()).contains(host).contains("30 firing");
    }

    // --- silences ------------------------------------------------------------------------------------

    @Test
    void aSilencedHostsAlertIsRecordedButNotPostedUntilTheSilenceExpires() {
        String host = "sil-1";
        // Given a silence on the host, created by an operator through the API
        AlertApi.Answer created = api.post("/api/silences", operator, Map.of(
                "matchers", List.of("host=\"" + host + "\""),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "comment", "e2e: planned maintenance"));
        assertThat(created.status()).as("POST /api/silences: %s", created.body()).isEqualTo(201);
        String silenceId = created.json().path("id").asText();
        assertThat(created.json().path("createdBy").asText()).isEqualTo("alice");

        // When a rule on the host breaches
        send(host, Map.of("sil_a", 1.0));

        // Then the alert is recorded as firing, with why it was not told, and nothing is posted
        eventually("sil-a firing in the API", () -> alerts(host, "").stream()
                .anyMatch(a -> a.path("rule").asText().equals("sil-a") && a.path("state").asText().equals("firing")));
        sentinel();
        JsonNode silA = alerts(host, "").stream().filter(a -> a.path("rule").asText().equals("sil-a")).findFirst()
                .orElseThrow();
        assertThat(posts(host)).as("posts for the silenced %s (sil-a is %s)", host, silA).isEmpty();
        assertThat(silA.path("mutedReason").asText()).as("sil-a's mutedReason: %s", silA).containsIgnoringCase("silence");

        // When the silence is expired and another rule on the host breaches
        AlertApi.Answer expired = api.delete("/api/silences/" + silenceId, operator);
        assertThat(expired.status()).as("DELETE /api/silences/%s: %s", silenceId, expired.body()).isEqualTo(204);
        send(host, Map.of("sil_a", 1.0, "sil_b", 1.0));

        // Then that breach is posted
        GroupPost post = awaitPosts(host, 1).get(0);
        assertThat(post.rules(NotificationKind.FIRING)).contains("sil-b");
    }

    @Test
    void aViewerCannotCreateASilence() {
        // When a viewer tries to silence a host
        AlertApi.Answer refused = api.post("/api/silences", viewer, Map.of(
                "matchers", List.of("host=\"sil-2\""),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "comment", "e2e: a viewer may not do this"));

        // Then it is forbidden, and no such silence exists
        assertThat(refused.status()).as("POST /api/silences as a viewer: %s", refused.body()).isEqualTo(403);
        AlertApi.Answer list = api.get("/api/silences", viewer);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("sil-2");
    }

    // --- reminders and acknowledgement ---------------------------------------------------------------

    @Test
    void aFiringAlertIsRemindedUntilAcknowledgedThenTheAcknowledgementIsPostedAndRemindersStop() {
        String host = "rem-1";
        // Given an alert whose rule repeats every 2 s
        send(host, Map.of("e2e_reminded", 1.0));
        GroupPost firing = awaitPosts(host, 1).get(0);
        assertThat(firing.rules(NotificationKind.FIRING)).containsExactly("reminded");

        // Then, unacknowledged, it is reminded
        eventually("a reminder for rem-1", () -> posts(host).stream()
                .anyMatch(p -> p.rules(NotificationKind.REMINDER).contains("reminded")));

        // When an operator acknowledges it
        String id = alerts(host, "").stream().filter(a -> a.path("rule").asText().equals("reminded"))
                .map(a -> a.path("id").asText()).findFirst().orElseThrow();
        AlertApi.Answer ack = api.post("/api/alerts/" + id + "/ack", operator, Map.of("comment", "on it"));
        assertThat(ack.status()).as("POST /api/alerts/%s/ack: %s", id, ack.body()).isEqualTo(200);
        assertThat(ack.json().path("state").asText()).isEqualTo("acknowledged");

        // Then the channel is told who took it
        eventually("the acknowledgement of rem-1 posted", () -> posts(host).stream()
                .anyMatch(p -> p.rules(NotificationKind.ACKNOWLEDGED).contains("reminded")));
        List<GroupPost> upToAck = posts(host);
        GroupPost acknowledged = upToAck.get(upToAck.size() - 1);
        assertThat(acknowledged.rules(NotificationKind.ACKNOWLEDGED)).containsExactly("reminded");
        assertThat(acknowledged.lines()).filteredOn(l -> l.kind() == NotificationKind.ACKNOWLEDGED).singleElement()
                .satisfies(l -> assertThat(l.text()).contains("by alice").contains("on it"));

        // And no reminder follows: checked after another alert of the same rule has been reminded
        // twice, so more than two repeat intervals have passed since the acknowledgement
        String later = "rem-sentinel";
        send(later, Map.of("e2e_reminded", 1.0));
        eventually("two reminders for " + later, () -> posts(later).stream()
                .filter(p -> p.rules(NotificationKind.REMINDER).contains("reminded")).count() >= 2);
        assertThat(posts(host)).as("posts for %s after the acknowledgement", host).hasSize(upToAck.size());

        // Quiet again: both resolve, so no reminder runs on past the test
        send(host, Map.of("e2e_reminded", 0.0));
        send(later, Map.of("e2e_reminded", 0.0));
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static List<String> rules(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + String.format("%02d", i)).toList();
    }

    /** The metric of a generated rule: {@code svc-01} → {@code svc_01_up}, {@code grp-01} → {@code grp_01}. */
    private static String metric(String rule) {
        String base = rule.replace('-', '_');
        return rule.startsWith("svc-") ? base + "_up" : base;
    }

    /** One batch for the inhibition host: {@code up} and every service's {@code svc_NN_up}. */
    private static Map<String, Double> samples(double up, double services) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("up", up);
        SVC.forEach(rule -> values.put(metric(rule), services));
        return values;
    }

    /** Sends one batch for {@code host}, stamped now and after the host's previous one. */
    private static void send(String host, Map<String, Double> values) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant previous = lastSent.get(host);
        Instant at = previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
        lastSent.put(host, at);
        List<MetricSample> samples = values.entrySet().stream().map(e -> MetricSample.of(e.getKey(), e.getValue()))
                .toList();
        MetricBatch batch = MetricBatch.of(SOURCE, host, at, samples);
        stack.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(batch)))
                .awaitCompletion(WAIT);
    }

    /** A new host's alert on the same route, and its post. */
    private static void sentinel() {
        String host = "sentinel-" + sentinels.incrementAndGet();
        send(host, Map.of("e2e_sentinel", 1.0));
        awaitPosts(host, 1);
    }

    /** The posts of {@code host}'s group on the ops route, in the order they arrived. */
    private static List<GroupPost> posts(String host) {
        String key = "ops{host=\"" + host + "\"}";
        return mattermost.posts(opsHook).stream().map(GroupPost::of).filter(p -> key.equals(p.groupKey())).toList();
    }

    private static List<GroupPost> awaitPosts(String host, int n) {
        eventually(n + " post(s) for " + host, () -> posts(host).size() >= n);
        List<GroupPost> posts = posts(host);
        assertThat(posts).as("posts for %s", host).hasSize(n);
        return posts;
    }

    /** The alerts on {@code host} the API lists ({@code states}: as the {@code state} parameter; empty: open ones). */
    private static List<JsonNode> alerts(String host, String states) {
        String query = "?match=" + AlertApi.encode("host=\"" + host + "\"") + (states.isEmpty() ? "" : "&state=" + states);
        AlertApi.Answer page = api.get("/api/alerts" + query, viewer);
        assertThat(page.status()).as("GET /api/alerts%s: %s", query, page.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        page.json().path("items").forEach(items::add);
        return items;
    }

    private static void eventually(String what, Callable<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private static Path logDir() throws IOException {
        // Under target/, not the temporary directory: the services' logs are the evidence when a test fails.
        return Files.createDirectories(Path.of("target", "alert-handling-it", Long.toString(System.currentTimeMillis())));
    }
}
