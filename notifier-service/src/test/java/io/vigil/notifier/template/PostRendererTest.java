package io.vigil.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.vigil.config.MattermostTarget;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Renders with the real template files and a plain Qute engine, as Quarkus does at run time. */
class PostRendererTest {

    private static final Engine ENGINE = Engine.builder().addDefaults().build();
    private static final MattermostTarget PLAIN = new MattermostTarget("https://mm.example/hooks/abc", null, null, null);
    private static final Instant SINCE = Instant.parse("2026-11-20T10:15:30.123Z");

    private static final Instant AT = Instant.parse("2026-11-20T14:04:12Z");
    private static final int MAX_LINES = 50;

    private final PostRenderer renderer = new PostRenderer(PostTemplates.load(PostRendererTest::template), 4000,
            MAX_LINES);

    @Test
    void firingCriticalIsADangerAttachmentWithTitleTextAndFields() {
        JsonNode post = renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null,
                "CPU at 97% on web-1"), PLAIN);

        JsonNode a = post.get("attachments").get(0);
        assertThat(post.get("attachments")).hasSize(1);
        assertThat(a.get("color").asText()).isEqualTo("danger");
        assertThat(a.get("title").asText()).isEqualTo("[FIRING] high-cpu");
        assertThat(a.get("text").asText()).isEqualTo("CPU at 97% on web-1");
        assertThat(a.get("fallback").asText()).isEqualTo("[FIRING] high-cpu on web-1: CPU at 97% on web-1");
        assertThat(fields(a)).containsExactly(
                Map.entry("Host", "web-1"), Map.entry("Value", "0.9735"), Map.entry("Rule", "high-cpu"),
                Map.entry("Severity", "critical"), Map.entry("Since", "2026-11-20T10:15:30Z"));
        assertThat(post.get("props").get("vigil_notification_id").asText()).isNotBlank();
    }

    @Test
    void warningIsAWarningAttachment() {
        JsonNode post = renderer.render(notification(NotificationKind.FIRING, Severity.WARNING, null, "warm"), PLAIN);

        assertThat(post.get("attachments").get(0).get("color").asText()).isEqualTo("warning");
    }

    @Test
    void resolvedIsGoodWhateverTheSeverity() {
        JsonNode post = renderer.render(notification(NotificationKind.RESOLVED, Severity.CRITICAL, null, "back to 20%"),
                PLAIN);

        JsonNode a = post.get("attachments").get(0);
        assertThat(a.get("color").asText()).isEqualTo("good");
        assertThat(a.get("title").asText()).isEqualTo("[RESOLVED] high-cpu");
    }

    @Test
    void severityChangeSaysWhichWay() {
        JsonNode post = renderer.render(notification(NotificationKind.SEVERITY_CHANGED, Severity.CRITICAL,
                Severity.WARNING, "CPU at 97%"), PLAIN);

        JsonNode a = post.get("attachments").get(0);
        assertThat(a.get("title").asText()).isEqualTo("[ESCALATED] high-cpu");
        assertThat(a.get("text").asText()).isEqualTo("Severity changed from warning to critical.\nCPU at 97%");
        assertThat(a.get("color").asText()).isEqualTo("danger");
    }

    @Test
    void theRouteTargetSetsChannelUsernameAndIcon() {
        MattermostTarget target = new MattermostTarget("https://mm.example/hooks/abc", "ops", "vigil",
                "https://vigil.example/icon.png");

        ObjectNode post = renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null, "x"), target);

        assertThat(post.get("channel").asText()).isEqualTo("ops");
        assertThat(post.get("username").asText()).isEqualTo("vigil");
        assertThat(post.get("icon_url").asText()).isEqualTo("https://vigil.example/icon.png");
        assertThat(Json.write(post)).doesNotContain("hooks/abc");
    }

    @Test
    void withoutOverridesTheHookDefaultsApply() {
        ObjectNode post = renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null, "x"), PLAIN);

        assertThat(post.has("channel")).isFalse();
        assertThat(post.has("username")).isFalse();
        assertThat(post.has("icon_url")).isFalse();
    }

    @Test
    void aHugeSummaryIsCutAndThePostStaysFarUnderMattermostsLimit() {
        String huge = "x".repeat(100_000);
        Map<String, String> labels = new HashMap<>();
        labels.put("host", "h".repeat(10_000));

        Notification n = new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp", 1, "high-cpu", Severity.CRITICAL, null, huge, labels,
                1.0, SINCE);
        ObjectNode post = renderer.render(n, PLAIN);

        JsonNode a = post.get("attachments").get(0);
        assertThat(a.get("text").asText()).hasSize(4000).endsWith("…");
        assertThat(a.get("fallback").asText().length()).isLessThanOrEqualTo(PostRenderer.MAX_FALLBACK);
        assertThat(fields(a).get("Host").length()).isLessThanOrEqualTo(PostRenderer.MAX_FIELD);
        assertThat(Json.write(post).length()).isLessThan(PostRenderer.MATTERMOST_TEXT_LIMIT);
    }

    @Test
    void aSummaryWithJsonAndMarkupStaysText() {
        String tricky = "\"}], \"channel\": \"evil\" <b>{x}</b> & done";

        ObjectNode post = renderer.render(notification(NotificationKind.FIRING, Severity.WARNING, null, tricky), PLAIN);

        assertThat(post.get("attachments").get(0).get("text").asText()).isEqualTo(tricky);
        assertThat(post.has("channel")).isFalse();
    }

    @Test
    void theValueFieldIsWrittenAsTheSummaryWritesIt() {
        ObjectNode post = renderer.render(notification(NotificationKind.FIRING, Severity.WARNING, null, "s"), PLAIN);

        // One format for summary and post (io.vigil.events.Values): four significant digits.
        assertThat(fields(post.get("attachments").get(0))).containsEntry("Value", "0.9735");
    }

    // --- single notifications of the newer kinds ----------------------------------------------------

    @Test
    void anAcknowledgementSaysWhoAndWhy() {
        Notification n = single(NotificationKind.ACKNOWLEDGED, Severity.CRITICAL, "alice", "on it, restarting nginx");

        JsonNode a = renderer.render(n, PLAIN).get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[ACKNOWLEDGED] high-cpu");
        assertThat(a.get("text").asText()).isEqualTo("Acknowledged by alice: “on it, restarting nginx”\nCPU at 97%");
        // Acknowledged is still firing: the colour stays the severity's.
        assertThat(a.get("color").asText()).isEqualTo("danger");
    }

    @Test
    void aReminderSaysSinceWhenItFires() {
        JsonNode a = renderer.render(single(NotificationKind.REMINDER, Severity.WARNING, null, null), PLAIN)
                .get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[REMINDER] high-cpu");
        assertThat(a.get("text").asText()).isEqualTo("Still firing since 2026-11-20T10:15:30Z (3h 48m).\nCPU at 97%");
        assertThat(a.get("color").asText()).isEqualTo("warning");
    }

    @Test
    void flappingSaysItIsMutedUntilStable() {
        JsonNode a = renderer.render(single(NotificationKind.FLAPPING, Severity.WARNING, null, null), PLAIN)
                .get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[FLAPPING] high-cpu");
        assertThat(a.get("text").asText()).startsWith("Flapping:").contains("muted until it is stable")
                .endsWith("\nCPU at 97%");
        assertThat(a.get("fallback").asText()).isEqualTo("[FLAPPING] high-cpu on web-1: CPU at 97%");
    }

    // --- grouped notifications ----------------------------------------------------------------------

    @Test
    void aGroupOfThirtyFiringAlertsIsOnePostNamingEveryRule() {
        List<GroupedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alerts.add(alert(NotificationKind.FIRING, i < 10 ? Severity.CRITICAL : Severity.WARNING, "rule-" + i));
        }

        ObjectNode post = renderer.render(grouped(alerts, 30), PLAIN);

        assertThat(post.get("attachments")).hasSize(1);
        JsonNode a = post.get("attachments").get(0);
        assertThat(a.get("title").asText()).isEqualTo("[FIRING] web-1: 30 firing");
        String[] lines = a.get("text").asText().split("\n");
        assertThat(lines).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(lines[i]).as("line %d", i).contains("**rule-" + i + "**");
        }
        assertThat(lines[0]).isEqualTo(":red_circle: **rule-0** critical: rule-0 on web-1 (value 0.9735)");
        assertThat(lines[29]).isEqualTo(":warning: **rule-29** warning: rule-29 on web-1 (value 0.9735)");
        assertThat(a.get("color").asText()).isEqualTo("danger");
        assertThat(fields(a)).containsEntry("Still firing", "30");
        assertThat(post.get("props").get("vigil_group_key").asText()).isEqualTo("ops/host=web-1");
        assertThat(visibleLength(post)).isLessThan(PostRenderer.MATTERMOST_TEXT_LIMIT);
    }

    @Test
    void fiveHundredAlertsStopAtTheLineLimitAndEndWithHowManyMore() {
        List<GroupedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            alerts.add(alert(NotificationKind.FIRING, Severity.WARNING, "rule-" + i));
        }

        ObjectNode post = renderer.render(grouped(alerts, 500), PLAIN);

        String text = post.get("attachments").get(0).get("text").asText();
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(MAX_LINES + 1);
        assertThat(lines[MAX_LINES - 1]).contains("**rule-" + (MAX_LINES - 1) + "**");
        assertThat(text).endsWith("\n…and " + (500 - MAX_LINES) + " more");
        assertThat(post.get("attachments").get(0).get("title").asText()).isEqualTo("[FIRING] web-1: 500 firing");
        assertThat(visibleLength(post)).isLessThan(PostRenderer.MATTERMOST_TEXT_LIMIT);
    }

    @Test
    void fiveHundredLongAlertsStopShortOfMattermostsLimitAndCountTheRest() {
        PostRenderer unlimitedLines = new PostRenderer(PostTemplates.load(PostRendererTest::template), 4000, 1000);
        // Line lengths in steps of one character: somewhere the last line that fits leaves almost no room,
        // and the closing "…and N more" must still fit.
        for (int summaryLength = 200; summaryLength <= 300; summaryLength++) {
            List<GroupedAlert> alerts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                alerts.add(new GroupedAlert(UUID.randomUUID(), "fp-" + i, 1, NotificationKind.ACKNOWLEDGED,
                        "rule-" + i, Severity.CRITICAL, "s".repeat(summaryLength) + "\nsecond line",
                        Map.of("host", "web-1"), 0.5, SINCE, AT, "a".repeat(500), "c".repeat(5000)));
            }

            ObjectNode post = unlimitedLines.render(grouped(alerts, 500), PLAIN);

            String text = post.get("attachments").get(0).get("text").asText();
            String[] lines = text.split("\n");
            int shown = lines.length - 1;
            assertThat(shown).as("summary length %d", summaryLength).isBetween(1, 499);
            for (int i = 0; i < shown; i++) {
                assertThat(lines[i]).as("line %d", i).contains("**rule-" + i + "**");
            }
            assertThat(lines[shown]).isEqualTo("…and " + (500 - shown) + " more");
            assertThat(visibleLength(post)).as("summary length %d", summaryLength)
                    .isLessThan(PostRenderer.MATTERMOST_TEXT_LIMIT)
                    // The limit, not a line count, stopped it: one more line would not have fitted.
                    .isGreaterThan(PostRenderer.MATTERMOST_TEXT_LIMIT - 2 * lines[0].length());
        }
    }

    @Test
    void mixedFiringAndResolvedIsCountedAndColouredByTheWorstStillFiring() {
        List<GroupedAlert> alerts = List.of(
                alert(NotificationKind.RESOLVED, Severity.CRITICAL, "disk-full"),
                alert(NotificationKind.FIRING, Severity.WARNING, "high-cpu"),
                alert(NotificationKind.FIRING, Severity.WARNING, "high-load"),
                alert(NotificationKind.FIRING, Severity.WARNING, "swap"));

        JsonNode a = renderer.render(grouped(alerts, 3), PLAIN).get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[FIRING] web-1: 3 firing, 1 resolved");
        assertThat(a.get("fallback").asText()).isEqualTo("[FIRING] web-1: 3 firing, 1 resolved");
        // The critical one resolved: what still fires is a warning.
        assertThat(a.get("color").asText()).isEqualTo("warning");
    }

    @Test
    void aCriticalStillFiringMakesTheGroupDanger() {
        List<GroupedAlert> alerts = List.of(
                alert(NotificationKind.REMINDER, Severity.CRITICAL, "disk-full"),
                alert(NotificationKind.RESOLVED, Severity.WARNING, "high-cpu"));

        JsonNode a = renderer.render(grouped(alerts, 1), PLAIN).get("attachments").get(0);

        assertThat(a.get("color").asText()).isEqualTo("danger");
        assertThat(a.get("title").asText()).isEqualTo("[FIRING] web-1: 1 still firing, 1 resolved");
    }

    @Test
    void aGroupWhereEverythingResolvedIsGood() {
        List<GroupedAlert> alerts = List.of(
                alert(NotificationKind.RESOLVED, Severity.CRITICAL, "disk-full"),
                alert(NotificationKind.RESOLVED, Severity.WARNING, "high-cpu"));

        JsonNode a = renderer.render(grouped(alerts, 0), PLAIN).get("attachments").get(0);

        assertThat(a.get("color").asText()).isEqualTo("good");
        assertThat(a.get("title").asText()).isEqualTo("[RESOLVED] web-1: 2 resolved");
        assertThat(fields(a)).containsEntry("Still firing", "0");
    }

    @Test
    void aResolvedAlertSaysHowLongItLasted() {
        JsonNode a = renderer.render(grouped(List.of(alert(NotificationKind.RESOLVED, Severity.CRITICAL, "disk-full")),
                0), PLAIN).get("attachments").get(0);

        // 10:15:30.123 to 14:04:12: 3 h 48 min 41.877 s.
        assertThat(a.get("text").asText())
                .isEqualTo(":white_check_mark: **disk-full** resolved after 3h 48m: disk-full on web-1 (value 0.9735)");
    }

    @Test
    void anAcknowledgedAlertShowsWhoAndTheComment() {
        GroupedAlert acked = new GroupedAlert(UUID.randomUUID(), "fp-ack", 3, NotificationKind.ACKNOWLEDGED,
                "high-cpu", Severity.CRITICAL, "CPU at 97%", Map.of("host", "web-1"), 0.97, SINCE, AT, "alice",
                "on it,\nrestarting nginx");

        JsonNode a = renderer.render(grouped(List.of(acked), 1), PLAIN).get("attachments").get(0);

        assertThat(a.get("text").asText()).isEqualTo(
                ":red_circle: **high-cpu** acknowledged by alice (“on it, restarting nginx”): CPU at 97% (value 0.97)");
        assertThat(a.get("title").asText()).isEqualTo("[ACKNOWLEDGED] web-1: 1 acknowledged");
        assertThat(a.get("color").asText()).isEqualTo("danger");
    }

    @Test
    void remindersAndFlappingSayWhatTheyAre() {
        List<GroupedAlert> alerts = List.of(
                alert(NotificationKind.REMINDER, Severity.CRITICAL, "disk-full"),
                alert(NotificationKind.FLAPPING, Severity.WARNING, "high-cpu"),
                alert(NotificationKind.SEVERITY_CHANGED, Severity.WARNING, "swap"));

        JsonNode post = renderer.render(grouped(alerts, 3), PLAIN);
        JsonNode a = post.get("attachments").get(0);

        assertThat(a.get("text").asText().split("\n")).containsExactly(
                ":red_circle: **disk-full** still firing since 2026-11-20T10:15:30Z (3h 48m): disk-full on web-1 (value 0.9735)",
                ":warning: **high-cpu** is flapping, muted until stable: high-cpu on web-1 (value 0.9735)",
                ":warning: **swap** now warning: swap on web-1 (value 0.9735)");
        assertThat(a.get("title").asText()).isEqualTo("[FIRING] web-1: 1 changed severity, 1 still firing, 1 flapping");
        assertThat(a.get("footer").asText()).isEqualTo("Vigil · new alerts");
    }

    @Test
    void aGroupWithoutLabelsIsNamedByItsRoute() {
        Notification n = grouped(List.of(alert(NotificationKind.FIRING, Severity.WARNING, "high-cpu")), 1);
        Notification unlabelled = new Notification(n.eventId(), n.occurredAt(), n.source(), 1, n.kind(), n.alertId(),
                n.fingerprint(), n.sequence(), n.rule(), n.severity(), null, n.summary(), n.labels(), n.value(),
                n.since(), n.reason(), "ops", new NotificationGroup("ops", Map.of(), n.group().alerts(), 1), null, null);

        JsonNode a = renderer.render(unlabelled, PLAIN).get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[FIRING] ops: 1 firing");
    }

    @Test
    void aGroupWithoutAlertsRendersItsTopLevelFields() {
        Notification n = grouped(List.of(), 0);

        JsonNode a = renderer.render(n, PLAIN).get("attachments").get(0);

        assertThat(a.get("title").asText()).isEqualTo("[FIRING] high-cpu");
    }

    @Test
    void elapsedTimesKeepTheTwoLargestUnits() {
        assertThat(Elapsed.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Elapsed.format(Duration.ofSeconds(252))).isEqualTo("4m 12s");
        assertThat(Elapsed.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Elapsed.format(Duration.ofHours(76).plusMinutes(5))).isEqualTo("3d 4h");
        assertThat(Elapsed.format(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    /** Everything of a post a reader sees, which must stay under Mattermost's limit altogether. */
    private static int visibleLength(JsonNode post) {
        int length = post.path("text").asText("").length();
        for (JsonNode a : post.path("attachments")) {
            for (String name : List.of("fallback", "pretext", "author_name", "title", "text", "footer")) {
                length += a.path(name).asText("").length();
            }
            for (JsonNode f : a.path("fields")) {
                length += f.path("title").asText("").length() + f.path("value").asText("").length();
            }
        }
        return length;
    }

    private static GroupedAlert alert(NotificationKind kind, Severity severity, String rule) {
        return new GroupedAlert(UUID.randomUUID(), "fp-" + rule, 1, kind, rule, severity, rule + " on web-1",
                Map.of("host", "web-1"), 0.97345, SINCE, AT, null, null);
    }

    private static Notification grouped(List<GroupedAlert> alerts, int stillFiring) {
        NotificationGroup group = new NotificationGroup("ops/host=web-1", Map.of("host", "web-1"), alerts, stillFiring);
        return new Notification(UUID.randomUUID(), AT, new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp-1", 1, "high-cpu", Severity.CRITICAL, null, "CPU at 97%",
                Map.of("host", "web-1"), 0.97345, SINCE, "new_alerts", "ops", group, null, null);
    }

    private static Notification single(NotificationKind kind, Severity severity, String actor, String comment) {
        return new Notification(UUID.randomUUID(), AT, new EventSource("alert-service", "a"), 1, kind,
                UUID.randomUUID(), "fp-1", 4, "high-cpu", severity, null, "CPU at 97%", Map.of("host", "web-1"),
                0.97345, SINCE, null, null, null, actor, comment);
    }

    private static Map<String, String> fields(JsonNode attachment) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        attachment.get("fields").forEach(f -> map.put(f.get("title").asText(), f.get("value").asText()));
        return map;
    }

    @Test
    void aResolvedSingleAlertSaysHowLongItLasted() {
        Notification n = notification(NotificationKind.RESOLVED, Severity.WARNING, null, "CPU back to 40%");
        Notification resolved = new Notification(n.eventId(), SINCE.plus(Duration.ofMinutes(95)), n.source(),
                1, n.kind(), n.alertId(), n.fingerprint(), n.sequence(), n.rule(), n.severity(), null, n.summary(),
                n.labels(), n.value(), SINCE);

        JsonNode a = renderer.render(resolved, PLAIN).get("attachments").get(0);

        assertThat(a.get("text").asText()).isEqualTo("Resolved after 1h 35m.\nCPU back to 40%");
    }

    @Test
    void aCriticalFiringPostCarriesThePriorityTheDestinationAsksForAndOthersDoNot() {
        MattermostTarget urgent = new MattermostTarget("urgent", "https://mm.example/hooks/abc", null, null, null, null,
                null, null, "urgent", null);

        assertThat(renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null, "x"), urgent)
                .path("priority").path("priority").asText()).isEqualTo("urgent");
        assertThat(renderer.render(notification(NotificationKind.FIRING, Severity.WARNING, null, "x"), urgent)
                .has("priority")).isFalse();
        assertThat(renderer.render(notification(NotificationKind.RESOLVED, Severity.CRITICAL, null, "x"), urgent)
                .has("priority")).isFalse();
        assertThat(renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null, "x"), PLAIN)
                .has("priority")).isFalse();
    }

    @Test
    void anEscalationLeadsWithItsMentionAndIsMarkedEscalated() {
        JsonNode post = renderer.renderEscalation(notification(NotificationKind.FIRING, Severity.CRITICAL, null,
                "CPU at 97%"), "@oncall @lead", Duration.ofMinutes(15), 2, PLAIN);

        assertThat(post.get("text").asText()).isEqualTo("@oncall @lead :rotating_light: **high-cpu** is still firing"
                + " and nobody acknowledged it after 15m (escalation step 2).");
        assertThat(post.get("attachments").get(0).get("title").asText()).isEqualTo("[ESCALATED] high-cpu");
        assertThat(post.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
        assertThat(post.get("props").get("vigil_escalation_step").asInt()).isEqualTo(2);
    }

    @Test
    void aThreadRootShowsTheIncidentsStateAfterAnAcknowledgementAndAResolution() {
        ObjectNode root = (ObjectNode)
                renderer.render(notification(NotificationKind.FIRING, Severity.CRITICAL, null, "x"), PLAIN).deepCopy();
        root.remove(List.of("channel", "username", "icon_url"));
        Notification ack = new Notification(UUID.randomUUID(), AT, new EventSource("alert-service", "a"), 1,
                NotificationKind.ACKNOWLEDGED, UUID.randomUUID(), "fp-1", 2, "high-cpu", Severity.CRITICAL, null, "x",
                Map.of(), 0.9, SINCE, "acknowledged", null, null, "alice", "on it");

        assertThat(renderer.stateLine(ack)).isEqualTo(":eyes: **Acknowledged** by alice");
        assertThat(renderer.rootState(ack, root).path("attachments").get(0).path("title").asText())
                .isEqualTo("[ACKNOWLEDGED] high-cpu");

        Notification resolved = notification(NotificationKind.RESOLVED, Severity.CRITICAL, null, "x");
        JsonNode after = renderer.rootState(resolved, root);
        assertThat(after.path("attachments").get(0).path("title").asText()).isEqualTo("[RESOLVED] high-cpu");
        assertThat(after.path("attachments").get(0).path("color").asText()).isEqualTo("good");
        assertThat(renderer.stateLine(resolved)).startsWith(":white_check_mark: **Resolved** after ");
    }

    private static Notification notification(NotificationKind kind, Severity severity, Severity previous,
            String summary) {
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1, kind,
                UUID.randomUUID(), "fp-1", 1, "high-cpu", severity, previous, summary, Map.of("host", "web-1"),
                0.97345, SINCE);
    }

    private static Template template(String name) {
        try (InputStream in = PostRendererTest.class.getResourceAsStream("/templates/mattermost/" + name)) {
            return ENGINE.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
