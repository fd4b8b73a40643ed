package io.vigil.test.mattermost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A Mattermost stand-in for tests: a real HTTP server on 127.0.0.1 that enforces the
 * incoming-webhook and bot API contracts of DESIGN §8, records every post it accepts, and can rate
 * limit like Mattermost's own server.
 *
 * <pre>{@code
 * try (MattermostFake fake = MattermostFake.start()) {
 *     String hook = fake.createHook("town-square");
 *     fake.script(hook, Reply.status(500));      // the first request fails, then normal behaviour
 *     // ... point the code under test at fake.hookUrl(hook) ...
 *     assertThat(fake.posts(hook)).hasSize(1);
 *
 *     String ops = fake.addBotChannel("ops");
 *     String token = fake.createBot(ops);         // POST /api/v4/posts with Authorization: Bearer token
 *     // ... point the code under test at fake.baseUrl() with the token ...
 *     assertThat(fake.roots(ops)).singleElement().satisfies(p -> assertThat(fake.replies(p.id())).hasSize(1));
 * }
 * }</pre>
 *
 * <p>Where Mattermost would split a {@code text} over 16383 characters, the fake refuses it with
 * 400: our posts must stay under the limit, and a test should notice when they do not. The bot API
 * refuses a {@code message} over 16383 code points with 400, as Mattermost does.
 */
public final class MattermostFake implements AutoCloseable {

    /** Mattermost's post length limit; longer texts are split by the server, refused by the fake. */
    public static final int MAX_TEXT_LENGTH = 16383;

    private static final Pattern HOOK_PATH = Pattern.compile("/hooks/([^/]*)");
    private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final PostRules RULES = new PostRules((field, detail) ->
            new Invalid(400, "web.incoming_webhook.invalid_param.app_error", "Invalid " + field + ".", detail));

    private final Wire wire;
    private final ObjectMapper mapper;
    private final Gate gate = new Gate();
    private final BotApi bots;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService stalls;
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();
    private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> users = ConcurrentHashMap.newKeySet();

    private MattermostFake(HttpServer server, ExecutorService handlers, ScheduledExecutorService stalls) {
        this.server = server;
        this.handlers = handlers;
        this.stalls = stalls;
        this.wire = new Wire(stalls);
        this.mapper = wire.mapper;
        this.bots = new BotApi(wire);
    }

    /** Starts a fake on 127.0.0.1 and a free port. */
    public static MattermostFake start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Mattermost fake", e);
        }
        // The default executor is one thread: a stalled reply would hold up every other hook.
        ExecutorService handlers = Executors.newCachedThreadPool(daemon("mattermost-fake"));
        ScheduledExecutorService stalls = Executors.newSingleThreadScheduledExecutor(daemon("mattermost-fake-stall"));
        MattermostFake fake = new MattermostFake(server, handlers, stalls);
        server.createContext("/", fake::handle);
        server.setExecutor(handlers);
        server.start();
        return fake;
    }

    /** Where the fake listens, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates an incoming webhook posting to {@code defaultChannel} (created if needed) and returns its id. */
    public String createHook(String defaultChannel) {
        addChannel(defaultChannel);
        String id = newId();
        hooks.put(id, new Hook(id, defaultChannel));
        return id;
    }

    /** Makes a channel known, so that posts may name it with {@code channel: name} or {@code #name}. */
    public MattermostFake addChannel(String name) {
        channels.add(name);
        return this;
    }

    /** Makes a user known, so that posts may name it with {@code channel: @name}. */
    public MattermostFake addUser(String name) {
        users.add(name);
        return this;
    }

    /** The webhook URL of a hook, the secret that a route's {@code webhook-url} holds. */
    public String hookUrl(String hookId) {
        return baseUrl() + "/hooks/" + hookId;
    }

    /**
     * Queues replies for the next requests to a hook, one each, before normal behaviour resumes.
     * A scripted 2xx means "behave normally" for that request.
     */
    public MattermostFake script(String hookId, Reply... replies) {
        Hook hook = hook(hookId);
        synchronized (hook.script) {
            hook.script.addAll(List.of(replies));
        }
        return this;
    }

    /** The posts a hook accepted, in arrival order. */
    public List<ReceivedPost> posts(String hookId) {
        return List.copyOf(hook(hookId).posts);
    }

    /** Every post accepted by any hook. */
    public List<ReceivedPost> allPosts() {
        List<ReceivedPost> all = new ArrayList<>();
        hooks.values().forEach(h -> all.addAll(h.posts));
        all.sort((a, b) -> a.receivedAt().compareTo(b.receivedAt()));
        return all;
    }

    /** How many requests reached {@code /hooks/{hookId}}, whatever they were answered with. */
    public int requests(String hookId) {
        return attempts(hookId).size();
    }

    /** The requests that reached {@code /hooks/{hookId}}, in arrival order. */
    public List<Attempt> attempts(String hookId) {
        return List.copyOf(attempts.getOrDefault(hookId, List.of()));
    }

    /** Forgets a hook's posts, requests and pending script. */
    public void reset(String hookId) {
        Hook hook = hook(hookId);
        hook.posts.clear();
        synchronized (hook.script) {
            hook.script.clear();
        }
        attempts.remove(hookId);
    }

    // ---- bot API (REST v4) -------------------------------------------------------------------

    /**
     * Creates a channel the bot API can post to (also known to webhooks by name) and returns its id,
     * 26 lower-case letters and digits like Mattermost's. Adding a name twice returns the same id.
     */
    public String addBotChannel(String name) {
        String id = bots.addChannel(name);
        addChannel(name);
        return id;
    }

    /** The id of a channel made with {@link #addBotChannel}. */
    public String botChannelId(String name) {
        return bots.channelId(name);
    }

    /**
     * Creates a bot account that is a member of these channels and returns its access token (26
     * characters), to be sent as {@code Authorization: Bearer <token>}.
     */
    public String createBot(String... channelIds) {
        return bots.createBot(channelIds);
    }

    /** Makes the bot a member of one more channel. */
    public MattermostFake joinChannel(String token, String channelId) {
        bots.join(token, channelId);
        return this;
    }

    /** Removes the bot from a channel, as an admin kicking it would: its next post there gets 403. */
    public MattermostFake leaveChannel(String token, String channelId) {
        bots.leave(token, channelId);
        return this;
    }

    /** The bot's user id, the {@code user_id} of its posts. */
    public String botUserId(String token) {
        return bots.userId(token);
    }

    /**
     * Queues replies for the next bot API requests made with this token (to {@code POST /api/v4/posts}
     * or {@code PUT /api/v4/posts/{id}/patch}, whichever comes), one each, before normal behaviour
     * resumes; exactly like {@link #script}. Scripts are per token, not per channel, because the token
     * is what identifies the client under test. A scripted 2xx means "behave normally"; a request
     * with a missing or unknown token gets 401 and consumes nothing.
     */
    public MattermostFake scriptBot(String token, Reply... replies) {
        bots.script(token, replies);
        return this;
    }

    /** The posts created in a channel (roots and replies), in creation order. */
    public List<BotPost> botPosts(String channelId) {
        return bots.posts(channelId);
    }

    /** Every post the bot API created, in creation order. */
    public List<BotPost> allBotPosts() {
        return bots.allPosts();
    }

    /** The root posts of a channel (those starting a thread), in creation order. */
    public List<BotPost> roots(String channelId) {
        return botPosts(channelId).stream().filter(BotPost::isRoot).toList();
    }

    /** The replies in a root post's thread, in creation order. */
    public List<BotPost> replies(String rootId) {
        return bots.replies(rootId);
    }

    /** A bot post by id, with the patches applied to it. */
    public BotPost post(String id) {
        return bots.post(id);
    }

    /** How many patches were applied to a post. */
    public int patches(String postId) {
        return post(postId).patches().size();
    }

    /**
     * The bot API requests made with this token, in arrival order, whatever they were answered with
     * (401 for an unknown token, 429 from the rate limiter and scripted replies included).
     */
    public List<Attempt> botAttempts(String token) {
        return bots.attempts(token);
    }

    /** Forgets a bot's requests and pending script; its channels and posts stay. */
    public void resetBot(String token) {
        bots.resetBot(token);
    }

    /** Forgets the posts in a bot channel (with their threads); the channel and its members stay. */
    public void resetChannel(String channelId) {
        bots.resetChannel(channelId);
    }

    // ---- rate limiter ------------------------------------------------------------------------

    /**
     * Turns on a rate limiter like Mattermost's ({@code RateLimitSettings.PerSec} and {@code
     * MaxBurst}, one bucket for every request, webhooks and bot API together, checked before
     * anything else). Like Mattermost it lets {@code burst + 1} requests through at once, then one
     * every {@code 1 / perSecond} seconds, so any one-second window holds at most {@code burst +
     * ceil(perSecond)} accepted requests. Refused requests get 429 with {@code Retry-After} (whole
     * seconds, rounded up) and a text/plain {@code limit exceeded} body; every answer carries
     * {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}.
     * Calling it again starts a new, full bucket. Off by default.
     */
    public MattermostFake rateLimit(double perSecond, int burst) {
        gate.limit(perSecond, burst);
        return this;
    }

    /** Turns the rate limiter off again. */
    public MattermostFake noRateLimit() {
        gate.unlimit();
        return this;
    }

    /** How many requests the rate limiter refused with 429 (scripted 429s are not counted). */
    public int rateLimited() {
        return gate.rateLimited();
    }

    /**
     * When each request the rate limiter let through arrived (every request while it is off), on
     * every endpoint, oldest first; measured with {@link System#nanoTime()} from the fake's start, so
     * the gaps are exact and never jump with the wall clock.
     */
    public List<Duration> arrivals() {
        return gate.arrivals();
    }

    /**
     * The most {@link #arrivals()} that fell in any half-open window {@code [t, t + window)}, e.g.
     * to check that a client kept under a rate: {@code mostArrivalsWithin(Duration.ofSeconds(1))}.
     */
    public int mostArrivalsWithin(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive: " + window);
        }
        return gate.mostWithin(window);
    }

    /** Forgets the arrivals and the count of rate-limited requests; the limiter's bucket is kept. */
    public void resetArrivals() {
        gate.forget();
    }

    @Override
    public void close() {
        server.stop(0);
        stalls.shutdownNow();
        handlers.shutdownNow();
    }

    private Hook hook(String hookId) {
        Hook hook = hooks.get(hookId);
        if (hook == null) {
            throw new IllegalArgumentException("no hook " + hookId + " (create it with createHook)");
        }
        return hook;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            // The limiter wraps every handler in Mattermost: it answers before routing, auth or scripts.
            Gcra.Decision decision = gate.admit();
            if (decision != null) {
                var headers = exchange.getResponseHeaders();
                headers.set("X-RateLimit-Limit", Integer.toString(decision.limit()));
                headers.set("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
                headers.set("X-RateLimit-Reset", Integer.toString(decision.resetSeconds()));
                if (decision.limited()) {
                    refuseOverLimit(exchange, path, decision);
                    return;
                }
            }
            if (BotApi.owns(path)) {
                bots.handle(exchange, body);
                return;
            }
            var matcher = HOOK_PATH.matcher(path);
            if (!matcher.matches()) {
                error(exchange, 404, "api.context.404.app_error", "Sorry, we could not find the page.", "");
                return;
            }
            String id = matcher.group(1);
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                record(id, 405);
                error(exchange, 405, "api.context.405.app_error", "Method not allowed.", "");
                return;
            }
            Hook hook = HOOK_ID.matcher(id).matches() ? hooks.get(id) : null;
            if (hook == null) {
                // Mattermost answers an unknown hook with 400, not 404.
                record(id, 400);
                error(exchange, 400, "web.incoming_webhook.invalid.app_error", "Invalid webhook.", "");
                return;
            }
            Reply scripted;
            synchronized (hook.script) {
                scripted = hook.script.poll();
            }
            if (scripted != null && (scripted.status() < 200 || scripted.status() > 299)) {
                answerScripted(exchange, id, scripted);
                return;
            }
            accept(exchange, hook, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            error(exchange, 500, "fake.internal", "The fake failed: " + e, "");
        }
    }

    /**
     * Answers as Mattermost's limiter does (throttled's headers, then Go's {@code http.Error}): 429,
     * {@code Retry-After} in whole seconds rounded up, and a text/plain body, not a JSON error. The
     * request still counts as an attempt of its hook or token.
     */
    private void refuseOverLimit(HttpExchange exchange, String path, Gcra.Decision decision) throws IOException {
        var matcher = HOOK_PATH.matcher(path);
        if (matcher.matches()) {
            record(matcher.group(1), 429);
        } else if (BotApi.owns(path)) {
            bots.refusedByLimiter(exchange);
        }
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(decision.retryAfterSeconds()));
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        wire.text(exchange, 429, "text/plain; charset=utf-8", "limit exceeded\n");
    }

    private void answerScripted(HttpExchange exchange, String id, Reply reply) throws IOException {
        record(id, reply.status());
        wire.scripted(exchange, reply);
    }

    private void accept(HttpExchange exchange, Hook hook, String body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonNode payload;
        try {
            payload = parse(contentType, body);
        } catch (Invalid e) {
            answerInvalid(exchange, hook.id, e);
            return;
        }
        String channel;
        try {
            channel = validate(payload, hook);
        } catch (Invalid e) {
            answerInvalid(exchange, hook.id, e);
            return;
        }
        hook.posts.add(new ReceivedPost(hook.id, channel, payload, body, contentType, Instant.now()));
        record(hook.id, 200);
        wire.text(exchange, 200, "text/plain", "ok");
    }

    private void answerInvalid(HttpExchange exchange, String hookId, Invalid e) throws IOException {
        record(hookId, e.status);
        error(exchange, e.status, e.id, e.getMessage(), e.detail);
    }

    private JsonNode parse(String contentType, String body) throws Invalid {
        String json = body;
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            json = null;
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (name.equals("payload")) {
                    json = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            if (json == null) {
                throw new Invalid(400, "web.incoming_webhook.parse.app_error", "Unable to parse incoming data.",
                        "form has no payload field");
            }
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Invalid(400, "web.incoming_webhook.parse.app_error", "Unable to parse incoming data.",
                    e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new Invalid(400, "web.incoming_webhook.parse.app_error", "Unable to parse incoming data.",
                    "the payload is not a JSON object");
        }
        return node;
    }

    /** Checks a payload against the contract and returns the channel it lands in. */
    private String validate(JsonNode payload, Hook hook) throws Invalid {
        JsonNode text = payload.get("text");
        JsonNode attachments = payload.get("attachments");
        boolean hasText = text != null && text.isTextual() && !text.asText().isEmpty();
        boolean hasAttachments = attachments != null && attachments.isArray() && !attachments.isEmpty();
        if (text != null && !text.isNull() && !text.isTextual()) {
            throw badRequest("text", "text must be a string");
        }
        if (attachments != null && !attachments.isNull() && !attachments.isArray()) {
            throw badRequest("attachments", "attachments must be a list");
        }
        if (!hasText && !hasAttachments) {
            throw new Invalid(400, "web.incoming_webhook.text.app_error", "No text specified.", "");
        }
        if (hasText && text.asText().length() > MAX_TEXT_LENGTH) {
            throw new Invalid(400, "web.incoming_webhook.text.length.app_error",
                    "Text is longer than " + MAX_TEXT_LENGTH + " characters.", "length=" + text.asText().length());
        }
        String type = stringOrNull(payload, "type");
        if (type != null && !type.isEmpty() && !type.startsWith("custom_")) {
            throw new Invalid(400, "web.incoming_webhook.type.app_error", "Invalid post type.", "type=" + type);
        }
        RULES.checkUrl(payload, "icon_url", "icon_url");
        RULES.checkPriority(payload.get("priority"), "priority");
        JsonNode props = payload.get("props");
        if (props != null && !props.isNull() && !props.isObject()) {
            throw badRequest("props", "props must be an object");
        }
        if (hasAttachments) {
            for (int i = 0; i < attachments.size(); i++) {
                RULES.checkAttachment(attachments.get(i), "attachments[" + i + "]");
            }
        }
        String channel = stringOrNull(payload, "channel");
        if (channel == null || channel.isEmpty()) {
            return hook.defaultChannel;
        }
        boolean known = channel.startsWith("@") ? users.contains(channel.substring(1))
                : channels.contains(channel.startsWith("#") ? channel.substring(1) : channel);
        if (!known) {
            throw new Invalid(404, "web.incoming_webhook.channel.app_error", "Couldn't find the channel.",
                    "channel=" + channel);
        }
        return channel;
    }

    private static String stringOrNull(JsonNode node, String name) {
        return PostRules.stringOrNull(node, name);
    }

    private Invalid badRequest(String field, String detail) {
        return RULES.badRequest(field, detail);
    }

    private void record(String hookId, int status) {
        attempts.computeIfAbsent(hookId, k -> new CopyOnWriteArrayList<>()).add(new Attempt(Instant.now(), status));
    }

    private void error(HttpExchange exchange, int status, String id, String message, String detail) throws IOException {
        wire.error(exchange, status, id, message, detail);
    }

    private String newId() {
        return wire.newId();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A hook: its default channel, recorded posts and pending scripted replies. */
    private static final class Hook {
        final String id;
        final String defaultChannel;
        final Deque<Reply> script = new ArrayDeque<>();
        final List<ReceivedPost> posts = new CopyOnWriteArrayList<>();

        Hook(String id, String defaultChannel) {
            this.id = id;
            this.defaultChannel = defaultChannel;
        }
    }
}
