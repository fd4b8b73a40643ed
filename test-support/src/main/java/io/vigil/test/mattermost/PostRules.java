package io.vigil.test.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a webhook payload and a bot post share (attachments, priority, URLs), written once so
 * that both endpoints refuse the same things; only the error id differs, as it does in Mattermost.
 */
final class PostRules {

    /** Builds the 400 an endpoint answers for one bad field. */
    interface BadParam {
        Invalid of(String field, String detail);
    }

    private static final Pattern HEX_COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final Set<String> NAMED_COLORS = Set.of("good", "warning", "danger");
    private static final Set<String> PRIORITIES = Set.of("important", "urgent");
    private static final List<String> ATTACHMENT_URLS =
            List.of("title_link", "author_link", "author_icon", "image_url", "thumb_url", "footer_icon");

    private final BadParam badParam;

    PostRules(BadParam badParam) {
        this.badParam = badParam;
    }

    Invalid badRequest(String field, String detail) {
        return badParam.of(field, detail);
    }

    /** Checks a list of attachments; {@code where} names it in errors, e.g. {@code props.attachments}. */
    void checkAttachments(JsonNode attachments, String where) throws Invalid {
        if (attachments == null || attachments.isNull()) {
            return;
        }
        if (!attachments.isArray()) {
            throw badRequest(where, where + " must be a list");
        }
        for (int i = 0; i < attachments.size(); i++) {
            checkAttachment(attachments.get(i), where + "[" + i + "]");
        }
    }

    void checkAttachment(JsonNode a, String where) throws Invalid {
        if (!a.isObject()) {
            throw badRequest(where, where + " must be an object");
        }
        String color = stringOrNull(a, "color");
        if (color != null && !color.isEmpty() && !NAMED_COLORS.contains(color) && !HEX_COLOR.matcher(color).matches()) {
            throw badRequest(where + ".color", "color must be good, warning, danger or #RRGGBB: " + color);
        }
        String titleLink = stringOrNull(a, "title_link");
        String title = stringOrNull(a, "title");
        if (titleLink != null && !titleLink.isEmpty() && (title == null || title.isEmpty())) {
            throw badRequest(where + ".title_link", "title_link needs a title");
        }
        for (String name : ATTACHMENT_URLS) {
            checkUrl(a, name, where + "." + name);
        }
        String attachmentText = stringOrNull(a, "text");
        if (attachmentText != null && attachmentText.length() > MattermostFake.MAX_TEXT_LENGTH) {
            throw badRequest(where + ".text", "text is longer than " + MattermostFake.MAX_TEXT_LENGTH + " characters");
        }
        JsonNode fields = a.get("fields");
        if (fields != null && !fields.isNull()) {
            if (!fields.isArray()) {
                throw badRequest(where + ".fields", "fields must be a list");
            }
            for (int i = 0; i < fields.size(); i++) {
                JsonNode f = fields.get(i);
                String fw = where + ".fields[" + i + "]";
                if (!f.isObject()) {
                    throw badRequest(fw, fw + " must be an object");
                }
                JsonNode fTitle = f.get("title");
                if (fTitle != null && !fTitle.isNull() && !fTitle.isTextual()) {
                    throw badRequest(fw + ".title", "field title must be a string");
                }
                JsonNode fShort = f.get("short");
                if (fShort != null && !fShort.isNull() && !fShort.isBoolean()) {
                    throw badRequest(fw + ".short", "field short must be a boolean");
                }
            }
        }
        JsonNode ts = a.get("ts");
        if (ts != null && !ts.isNull() && !ts.isNumber() && !ts.isTextual()) {
            throw badRequest(where + ".ts", "ts must be a number or a string");
        }
    }

    /** Checks {@code {priority: important|urgent, requested_ack: bool}}; {@code where} names it in errors. */
    void checkPriority(JsonNode priority, String where) throws Invalid {
        if (priority == null || priority.isNull()) {
            return;
        }
        if (!priority.isObject()) {
            throw badRequest(where, where + " must be an object");
        }
        String p = stringOrNull(priority, "priority");
        if (p != null && !p.isEmpty() && !PRIORITIES.contains(p)) {
            throw badRequest(where + ".priority", "priority must be important or urgent: " + p);
        }
        JsonNode ack = priority.get("requested_ack");
        if (ack != null && !ack.isNull() && !ack.isBoolean()) {
            throw badRequest(where + ".requested_ack", "requested_ack must be a boolean");
        }
    }

    void checkUrl(JsonNode node, String name, String where) throws Invalid {
        String url = stringOrNull(node, name);
        if (url != null && !url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw badRequest(where, where + " must be an http(s) URL");
        }
    }

    static String stringOrNull(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
