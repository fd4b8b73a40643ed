package io.vigil.test.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A post the fake's bot API created, as it was created and with every patch applied to it since:
 * a test can check both what was first said and what the post says now.
 *
 * @param rootId   the thread's root post, {@code ""} for a root post (as Mattermost sends it)
 * @param userId   the bot user that wrote it
 * @param message  the message as created
 * @param props    the props as created ({@code {}} when none were sent)
 * @param metadata the metadata as sent ({@code {}} when none was sent)
 * @param patches  the patches applied, oldest first
 */
public record BotPost(String id, String channelId, String rootId, String userId, String message, JsonNode props,
        JsonNode metadata, Instant createdAt, List<Patch> patches) {

    /**
     * One {@code PUT /api/v4/posts/{id}/patch} that succeeded.
     *
     * @param message the post's message after the patch
     * @param props   the post's props after the patch (a patch's props replace them whole, as in Mattermost)
     * @param request the patch body as sent, e.g. to check {@code is_pinned}
     */
    public record Patch(String message, JsonNode props, JsonNode request, Instant at) {
    }

    public BotPost {
        patches = List.copyOf(patches);
    }

    /** Whether it starts a thread rather than answering one. */
    public boolean isRoot() {
        return rootId.isEmpty();
    }

    /** The message now: the last patch's, or the one it was created with. */
    public String currentMessage() {
        return patches.isEmpty() ? message : patches.get(patches.size() - 1).message();
    }

    /** The props now: the last patch's, or the ones it was created with. */
    public JsonNode currentProps() {
        return patches.isEmpty() ? props : patches.get(patches.size() - 1).props();
    }

    /** The current {@code props.attachments}, in order; empty when there are none. */
    public List<JsonNode> attachments() {
        List<JsonNode> list = new ArrayList<>();
        JsonNode a = currentProps().get("attachments");
        if (a != null && a.isArray()) {
            a.forEach(list::add);
        }
        return list;
    }

    /** {@code metadata.priority.priority} ({@code important} or {@code urgent}), or null. */
    public String priority() {
        return ReceivedPost.textOrNull(metadata.get("priority"), "priority");
    }
}
