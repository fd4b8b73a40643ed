package io.vigil.notifier.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Template;
import io.vigil.config.MattermostTarget;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Values;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Turns a notification into a Mattermost incoming-webhook body: one attachment coloured by severity.
 * Qute renders the words people read; Jackson builds the JSON, so no text can break the structure.
 */
public final class PostRenderer {

    /** Mattermost splits texts longer than this; we stay well under it. */
    public static final int MATTERMOST_TEXT_LIMIT = 16383;
    /** The longest attachment text we send, whatever the summary length setting says. */
    static final int MAX_TEXT = 8000;
    static final int MAX_TITLE = 256;
    static final int MAX_FALLBACK = 512;
    static final int MAX_FIELD = 256;

    private final Template title;
    private final Template text;
    private final Template fallback;
    private final int maxSummary;
    private final ObjectMapper mapper = Json.mapper();

    /**
     * @param maxSummary the longest summary kept, in characters; longer ones end with an ellipsis
     */
    public PostRenderer(Template title, Template text, Template fallback, int maxSummary) {
        this.title = Objects.requireNonNull(title, "title");
        this.text = Objects.requireNonNull(text, "text");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        if (maxSummary < 1) {
            throw new IllegalArgumentException("maxSummary must be positive: " + maxSummary);
        }
        this.maxSummary = Math.min(maxSummary, MAX_TEXT);
    }

    /** The webhook body for a notification sent through {@code target}. */
    public ObjectNode render(Notification n, MattermostTarget target) {
        String status = status(n);
        String host = n.host() == null ? "" : n.host();
        String rule = n.rule() == null ? n.fingerprint() : n.rule();
        String severity = n.severity() == null ? "" : n.severity().label();
        String previous = n.kind() != NotificationKind.SEVERITY_CHANGED || n.previousSeverity() == null ? ""
                : n.previousSeverity().label();
        String summary = cut(n.summary() == null ? "" : n.summary(), maxSummary);
        String value = Values.format(n.value());

        String titleText = cut(title.instance()
                .data("status", status).data("rule", rule).data("host", host)
                .render().strip(), MAX_TITLE);
        String body = cut(text.instance()
                .data("summary", summary).data("kind", n.kind().name()).data("severity", severity)
                .data("previousSeverity", previous).data("host", host)
                .render().strip(), MAX_TEXT);
        String fallbackText = cut(fallback.instance()
                .data("status", status).data("rule", rule).data("host", host).data("summary", summary)
                .render().strip(), MAX_FALLBACK);

        ObjectNode post = mapper.createObjectNode();
        if (target.channel() != null) {
            post.put("channel", target.channel());
        }
        if (target.username() != null) {
            post.put("username", target.username());
        }
        if (target.iconUrl() != null) {
            post.put("icon_url", target.iconUrl());
        }
        ArrayNode attachments = post.putArray("attachments");
        ObjectNode a = attachments.addObject();
        a.put("fallback", fallbackText);
        a.put("color", color(n));
        a.put("title", titleText);
        a.put("text", body);
        ArrayNode fields = a.putArray("fields");
        if (!host.isEmpty()) {
            field(fields, "Host", host);
        }
        field(fields, "Value", value);
        field(fields, "Rule", rule);
        if (!severity.isEmpty()) {
            field(fields, "Severity", severity);
        }
        if (n.since() != null) {
            field(fields, "Since", n.since().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        a.put("footer", "Vigil");
        a.put("ts", n.occurredAt().getEpochSecond());
        // Lets a later edit (bot API) or a reader of the channel history find the notification.
        ObjectNode props = post.putObject("props");
        props.put("vigil_notification_id", n.eventId().toString());
        props.put("vigil_fingerprint", n.fingerprint());
        return post;
    }

    /** The word in the title: {@code FIRING}, {@code RESOLVED}, or the direction of a severity change. */
    public static String status(Notification n) {
        return switch (n.kind()) {
            case FIRING -> "FIRING";
            case RESOLVED -> "RESOLVED";
            case SEVERITY_CHANGED -> n.severity() != null && n.previousSeverity() != null
                    && n.severity().compareTo(n.previousSeverity()) < 0 ? "DOWNGRADED" : "ESCALATED";
        };
    }

    /** Attachment colour: resolved is good, otherwise danger for critical and warning for the rest. */
    public static String color(Notification n) {
        if (n.kind() == NotificationKind.RESOLVED) {
            return "good";
        }
        return n.severity() == Severity.CRITICAL ? "danger" : "warning";
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        // Do not split a surrogate pair: Mattermost would show a broken glyph.
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private static void field(ArrayNode fields, String title, String value) {
        ObjectNode f = fields.addObject();
        f.put("title", title);
        f.put("value", cut(value, MAX_FIELD));
        f.put("short", true);
    }
}
