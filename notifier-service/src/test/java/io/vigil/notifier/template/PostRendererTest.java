package io.vigil.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.vigil.config.MattermostTarget;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Renders with the real template files and a plain Qute engine, as Quarkus does at run time. */
class PostRendererTest {

    private static final Engine ENGINE = Engine.builder().addDefaults().build();
    private static final MattermostTarget PLAIN = new MattermostTarget("https://mm.example/hooks/abc", null, null, null);
    private static final Instant SINCE = Instant.parse("2026-11-20T10:15:30.123Z");

    private final PostRenderer renderer = new PostRenderer(template("title.txt"), template("text.txt"),
            template("fallback.txt"), 4000);

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

    private static Map<String, String> fields(JsonNode attachment) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        attachment.get("fields").forEach(f -> map.put(f.get("title").asText(), f.get("value").asText()));
        return map;
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
