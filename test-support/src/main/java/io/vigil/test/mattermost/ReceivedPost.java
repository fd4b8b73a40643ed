package io.vigil.test.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A post the fake accepted: the parsed payload, the raw request body and when it arrived.
 *
 * @param channel the channel the post landed in (the hook's default when the payload names none)
 */
public record ReceivedPost(String hookId, String channel, JsonNode payload, String rawBody, String contentType,
        Instant receivedAt) {

    /** The top-level {@code text}, or null. */
    public String text() {
        return textOrNull(payload, "text");
    }

    /** The {@code username} override, or null. */
    public String username() {
        return textOrNull(payload, "username");
    }

    /** The {@code icon_url} override, or null. */
    public String iconUrl() {
        return textOrNull(payload, "icon_url");
    }

    /** The attachments, in order; empty when there are none. */
    public List<JsonNode> attachments() {
        List<JsonNode> list = new ArrayList<>();
        JsonNode a = payload.get("attachments");
        if (a != null && a.isArray()) {
            a.forEach(list::add);
        }
        return list;
    }

    /** The first attachment's field value with this title, or null. */
    public String field(String title) {
        for (JsonNode attachment : attachments()) {
            JsonNode fields = attachment.get("fields");
            if (fields != null && fields.isArray()) {
                for (JsonNode f : fields) {
                    if (title.equals(textOrNull(f, "title"))) {
                        return textOrNull(f, "value");
                    }
                }
            }
        }
        return null;
    }

    static String textOrNull(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
