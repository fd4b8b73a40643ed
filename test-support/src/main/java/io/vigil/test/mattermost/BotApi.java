package io.vigil.test.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Mattermost's REST API v4 a bot posts with ({@code POST /api/v4/posts}, {@code PUT
 * /api/v4/posts/{id}/patch}), with channels, bot tokens and channel membership, as strict as the
 * webhook part: what Mattermost would refuse, the fake refuses with the same status and error id.
 *
 * <p>Where Mattermost answers a missing channel or post with 400 or 403 (its permission check runs
 * first), the fake answers 404, so that a test can tell "no such channel" from "not a member".
 *
 * <p>All state is guarded by this object's lock; answers are written outside it.
 */
final class BotApi {

    static final String PREFIX = "/api/v4";
    private static final String POSTS = PREFIX + "/posts";
    private static final Pattern PATCH = Pattern.compile(Pattern.quote(POSTS) + "/([^/]*)/patch");
    private static final Pattern ID = Pattern.compile("[a-z0-9]{26}");
    private static final String INVALID_BODY = "api.context.invalid_body_param.app_error";
    private static final PostRules RULES = new PostRules(BotApi::invalidBody);

    private final Wire wire;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, String> channelIdsByName = new HashMap<>();
    private final Map<String, Bot> bots = new HashMap<>();
    private final Map<String, StoredPost> posts = new LinkedHashMap<>();
    private final Map<String, List<Attempt>> attempts = new HashMap<>();

    BotApi(Wire wire) {
        this.wire = wire;
    }

    // ---- set-up ------------------------------------------------------------------------------

    synchronized String addChannel(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a channel needs a name");
        }
        return channelIdsByName.computeIfAbsent(name, n -> {
            String id = wire.newId();
            channels.put(id, new Channel(id, n));
            return id;
        });
    }

    synchronized String channelId(String name) {
        String id = channelIdsByName.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no bot channel named " + name + " (add it with addBotChannel)");
        }
        return id;
    }

    synchronized String createBot(String... channelIds) {
        for (String channelId : channelIds) {
            channel(channelId);
        }
        Bot bot = new Bot(wire.newId(), wire.newId());
        bot.channels.addAll(List.of(channelIds));
        bots.put(bot.token, bot);
        return bot.token;
    }

    synchronized void join(String token, String channelId) {
        channel(channelId);
        bot(token).channels.add(channelId);
    }

    synchronized void leave(String token, String channelId) {
        channel(channelId);
        bot(token).channels.remove(channelId);
    }

    synchronized String userId(String token) {
        return bot(token).userId;
    }

    synchronized void script(String token, Reply... replies) {
        bot(token).script.addAll(List.of(replies));
    }

    // ---- what was posted ---------------------------------------------------------------------

    synchronized List<BotPost> posts(String channelId) {
        channel(channelId);
        List<BotPost> list = new ArrayList<>();
        for (StoredPost p : posts.values()) {
            if (p.channelId.equals(channelId)) {
                list.add(p.snapshot());
            }
        }
        return list;
    }

    synchronized List<BotPost> allPosts() {
        List<BotPost> list = new ArrayList<>();
        posts.values().forEach(p -> list.add(p.snapshot()));
        return list;
    }

    synchronized List<BotPost> replies(String rootId) {
        stored(rootId);
        List<BotPost> list = new ArrayList<>();
        for (StoredPost p : posts.values()) {
            if (p.rootId.equals(rootId)) {
                list.add(p.snapshot());
            }
        }
        return list;
    }

    synchronized BotPost post(String id) {
        return stored(id).snapshot();
    }

    synchronized List<Attempt> attempts(String token) {
        return List.copyOf(attempts.getOrDefault(token, List.of()));
    }

    synchronized void resetBot(String token) {
        bot(token).script.clear();
        attempts.remove(token);
    }

    synchronized void resetChannel(String channelId) {
        channel(channelId);
        // Replies live in their root's channel, so no thread is left half-forgotten.
        posts.values().removeIf(p -> p.channelId.equals(channelId));
    }

    // ---- HTTP --------------------------------------------------------------------------------

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Records a request the rate limiter refused, under the token it carried. */
    void refusedByLimiter(HttpExchange exchange) {
        String token = bearer(exchange);
        if (token != null) {
            record(token, 429);
        }
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String token = bearer(exchange);
        Matcher patch = PATCH.matcher(path);
        String allowed = path.equals(POSTS) ? "POST" : patch.matches() ? "PUT" : null;
        try {
            if (allowed == null) {
                throw new Invalid(404, "api.context.404.app_error", "Sorry, we could not find the page.",
                        "There doesn't appear to be an api call for the url='" + path + "'.");
            }
            if (!allowed.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", allowed);
                throw new Invalid(405, "api.context.405.app_error", "Method not allowed.",
                        exchange.getRequestMethod() + " " + path);
            }
            Bot bot;
            Reply scripted;
            synchronized (this) {
                bot = token == null ? null : bots.get(token);
                if (bot == null) {
                    throw new Invalid(401, "api.context.session_expired.app_error",
                            "Invalid or expired session, please login again.",
                            token == null ? "no Authorization: Bearer header" : "unknown token");
                }
                scripted = bot.script.poll();
            }
            if (scripted != null && (scripted.status() < 200 || scripted.status() > 299)) {
                record(token, scripted.status());
                wire.scripted(exchange, scripted);
                return;
            }
            JsonNode answer;
            int status;
            if (allowed.equals("POST")) {
                answer = create(bot, parse(body));
                status = 201;
            } else {
                answer = patch(bot, patch.group(1), body);
                status = 200;
            }
            record(token, status);
            wire.json(exchange, status, answer);
        } catch (Invalid e) {
            if (token != null) {
                record(token, e.status);
            }
            wire.error(exchange, e);
        }
    }

    private synchronized JsonNode create(Bot bot, JsonNode request) throws Invalid {
        String channelId = string(request, "channel_id");
        String message = string(request, "message");
        String rootId = string(request, "root_id");
        String type = string(request, "type");
        String pendingPostId = string(request, "pending_post_id");
        JsonNode props = object(request, "props");
        JsonNode metadata = object(request, "metadata");
        if (channelId.isEmpty()) {
            throw invalidBody("channel_id", "channel_id is required");
        }
        if (type.startsWith("system_")) {
            throw invalidBody("post.type", "a bot cannot create a system post: type=" + type);
        }
        // The permission check comes first in Mattermost: a non-member learns nothing about its post.
        checkMember(bot, channelId);
        checkContent(message, props);
        JsonNode priority = metadata.get("priority");
        RULES.checkPriority(priority, "metadata.priority");
        if (!rootId.isEmpty()) {
            if (priority != null && !priority.isNull()) {
                throw new Invalid(400, "api.post.post_priority.priority_post_only_allowed_for_root_post.request_error",
                        "Post priority can only be set on a root post.", "root_id=" + rootId);
            }
            StoredPost root = posts.get(rootId);
            if (root == null || !root.rootId.isEmpty()) {
                throw new Invalid(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.",
                        root == null ? "no post " + rootId : rootId + " is itself a reply to " + root.rootId);
            }
            if (!root.channelId.equals(channelId)) {
                throw new Invalid(400, "api.post.create_post.channel_root_id.app_error",
                        "Invalid ChannelId for RootId parameter.",
                        "root " + rootId + " is in channel " + root.channelId);
            }
        }
        StoredPost post = new StoredPost(wire.newId(), channelId, rootId, bot.userId, message, type,
                props.deepCopy(), metadata.deepCopy(), Instant.now());
        posts.put(post.id, post);
        return json(post, pendingPostId);
    }

    private synchronized JsonNode patch(Bot bot, String postId, byte[] body) throws Invalid {
        if (!ID.matcher(postId).matches()) {
            throw new Invalid(400, "api.context.invalid_url_param.app_error",
                    "Invalid or missing post_id parameter in request URL.", "post_id=" + postId);
        }
        JsonNode request = parse(body);
        JsonNode message = request.get("message");
        if (message != null && !message.isNull() && !message.isTextual()) {
            throw invalidBody("message", "message must be a string");
        }
        object(request, "props");
        for (String flag : List.of("is_pinned", "has_reactions")) {
            JsonNode v = request.get(flag);
            if (v != null && !v.isNull() && !v.isBoolean()) {
                throw invalidBody(flag, flag + " must be a boolean");
            }
        }
        JsonNode fileIds = request.get("file_ids");
        if (fileIds != null && !fileIds.isNull() && !fileIds.isArray()) {
            throw invalidBody("file_ids", "file_ids must be a list");
        }
        StoredPost post = posts.get(postId);
        if (post == null) {
            throw new Invalid(404, "app.post.get.app_error", "Unable to get the post.", "id=" + postId);
        }
        checkMember(bot, post.channelId);
        if (!post.userId.equals(bot.userId)) {
            // edit_others_posts is not a channel member's permission by default.
            throw new Invalid(403, "api.context.permissions.app_error",
                    "You do not have the appropriate permissions.",
                    "post " + postId + " was written by " + post.userId + ", not by " + bot.userId);
        }
        String newMessage = message == null || message.isNull() ? post.message() : message.asText();
        JsonNode patchProps = request.get("props");
        // A patch's props replace the post's whole map, as Mattermost's PostPatch does.
        JsonNode newProps = patchProps == null || patchProps.isNull() ? post.props() : patchProps.deepCopy();
        checkContent(newMessage, newProps);
        JsonNode pinned = request.get("is_pinned");
        if (pinned != null && pinned.isBoolean()) {
            post.pinned = pinned.asBoolean();
        }
        post.patches.add(new BotPost.Patch(newMessage, newProps, request.deepCopy(), Instant.now()));
        return json(post, "");
    }

    /** The message length, the attachments, and that a post says something at all. */
    private static void checkContent(String message, JsonNode props) throws Invalid {
        int runes = message.codePointCount(0, message.length());
        if (runes > MattermostFake.MAX_TEXT_LENGTH) {
            // Mattermost counts runes (code points), not UTF-16 units.
            throw new Invalid(400, "model.post.is_valid.message_length.app_error",
                    "Post Message property is longer than the maximum permitted length.",
                    "length=" + runes + ", max=" + MattermostFake.MAX_TEXT_LENGTH);
        }
        JsonNode attachments = props.get("attachments");
        RULES.checkAttachments(attachments, "props.attachments");
        boolean hasAttachments = attachments != null && attachments.isArray() && !attachments.isEmpty();
        if (message.isEmpty() && !hasAttachments) {
            throw invalidBody("message", "a post needs a message or props.attachments");
        }
    }

    private void checkMember(Bot bot, String channelId) throws Invalid {
        if (!channels.containsKey(channelId)) {
            throw new Invalid(404, "app.channel.get.existing.app_error", "Unable to find the existing channel.",
                    "channel_id=" + channelId);
        }
        if (!bot.channels.contains(channelId)) {
            throw new Invalid(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.",
                    "userId=" + bot.userId + ", channel_id=" + channelId + ": not a member");
        }
    }

    private ObjectNode json(StoredPost post, String pendingPostId) {
        ObjectNode node = wire.mapper.createObjectNode();
        node.put("id", post.id);
        node.put("create_at", post.createdAt.toEpochMilli());
        node.put("update_at", post.updatedAt().toEpochMilli());
        node.put("edit_at", post.patches.isEmpty() ? 0 : post.updatedAt().toEpochMilli());
        node.put("delete_at", 0);
        node.put("is_pinned", post.pinned);
        node.put("user_id", post.userId);
        node.put("channel_id", post.channelId);
        node.put("root_id", post.rootId);
        node.put("original_id", "");
        node.put("message", post.message());
        node.put("type", post.type);
        node.set("props", post.props().deepCopy());
        node.put("hashtags", "");
        node.put("pending_post_id", pendingPostId);
        node.put("reply_count", post.rootId.isEmpty() ? replyCount(post.id) : replyCount(post.rootId));
        ObjectNode metadata = wire.mapper.createObjectNode();
        JsonNode priority = post.metadata.get("priority");
        if (priority != null && !priority.isNull()) {
            metadata.set("priority", priority.deepCopy());
        }
        node.set("metadata", metadata);
        return node;
    }

    private int replyCount(String rootId) {
        int n = 0;
        for (StoredPost p : posts.values()) {
            if (p.rootId.equals(rootId)) {
                n++;
            }
        }
        return n;
    }

    private JsonNode parse(byte[] body) throws Invalid {
        JsonNode node;
        try {
            node = wire.mapper.readTree(body);
        } catch (IOException e) {
            throw invalidBody("post", "invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalidBody("post", "the body is not a JSON object");
        }
        return node;
    }

    /** A string field, "" when absent or null; another type is a bad body, as Go's decoder says. */
    private static String string(JsonNode request, String name) throws Invalid {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw invalidBody(name, name + " must be a string");
        }
        return v.asText();
    }

    /** An object field, {} when absent or null. */
    private JsonNode object(JsonNode request, String name) throws Invalid {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return wire.mapper.createObjectNode();
        }
        if (!v.isObject()) {
            throw invalidBody(name, name + " must be an object");
        }
        return v;
    }

    private static Invalid invalidBody(String field, String detail) {
        return new Invalid(400, INVALID_BODY, "Invalid or missing " + field + " in request body.", detail);
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private synchronized void record(String token, int status) {
        attempts.computeIfAbsent(token, k -> new ArrayList<>()).add(new Attempt(Instant.now(), status));
    }

    private Channel channel(String channelId) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            throw new IllegalArgumentException("no bot channel " + channelId + " (add it with addBotChannel)");
        }
        return channel;
    }

    private Bot bot(String token) {
        Bot bot = bots.get(token);
        if (bot == null) {
            throw new IllegalArgumentException("no bot with token " + token + " (create it with createBot)");
        }
        return bot;
    }

    private StoredPost stored(String postId) {
        StoredPost post = posts.get(postId);
        if (post == null) {
            throw new IllegalArgumentException("no bot post " + postId);
        }
        return post;
    }

    private record Channel(String id, String name) {
    }

    /** A bot account: its access token, its user id, the channels it is a member of, its script. */
    private static final class Bot {
        final String token;
        final String userId;
        final Set<String> channels = new LinkedHashSet<>();
        final Deque<Reply> script = new ArrayDeque<>();

        Bot(String token, String userId) {
            this.token = token;
            this.userId = userId;
        }
    }

    /** A post as stored: what it was created with, and what changed since. */
    private static final class StoredPost {
        final String id;
        final String channelId;
        final String rootId;
        final String userId;
        final String createdMessage;
        final String type;
        final JsonNode createdProps;
        final JsonNode metadata;
        final Instant createdAt;
        final List<BotPost.Patch> patches = new ArrayList<>();
        boolean pinned;

        StoredPost(String id, String channelId, String rootId, String userId, String message, String type,
                JsonNode props, JsonNode metadata, Instant createdAt) {
            this.id = id;
            this.channelId = channelId;
            this.rootId = rootId;
            this.userId = userId;
            this.createdMessage = message;
            this.type = type;
            this.createdProps = props;
            this.metadata = metadata;
            this.createdAt = createdAt;
        }

        String message() {
            return patches.isEmpty() ? createdMessage : patches.get(patches.size() - 1).message();
        }

        JsonNode props() {
            return patches.isEmpty() ? createdProps : patches.get(patches.size() - 1).props();
        }

        Instant updatedAt() {
            return patches.isEmpty() ? createdAt : patches.get(patches.size() - 1).at();
        }

        BotPost snapshot() {
            List<BotPost.Patch> copies = new ArrayList<>(patches.size());
            for (BotPost.Patch p : patches) {
                copies.add(new BotPost.Patch(p.message(), p.props().deepCopy(), p.request().deepCopy(), p.at()));
            }
            return new BotPost(id, channelId, rootId, userId, createdMessage, createdProps.deepCopy(),
                    metadata.deepCopy(), createdAt, copies);
        }
    }
}
