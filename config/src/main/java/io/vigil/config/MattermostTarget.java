package io.vigil.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One Mattermost destination of a route: an incoming webhook ({@code webhook-url}), or a bot posting
 * through the REST API ({@code url} of the server, {@code bot-token}, {@code channel-id}), which can
 * thread an incident's posts. The webhook URL and the bot token are secrets: {@link #toString()} and
 * {@link #maskedUrl()} never show them.
 *
 * @param name how logs, metrics and the API name it; unique in its route
 * @param webhookUrl webhook mode: the hook URL; null in bot mode
 * @param serverUrl bot mode: the server's base URL ({@code https://mm.example.org}); null for a webhook
 * @param botToken bot mode: the bot's access token
 * @param channelId bot mode: the channel the bot posts in (it must be a member)
 * @param channel webhook mode: optional override of the hook's channel
 * @param username webhook mode: optional override of the poster's name
 * @param iconUrl webhook mode: optional override of the poster's icon
 * @param criticalPriority {@code important} or {@code urgent}: the message priority of a critical
 *     alert's first post; null: none (Mattermost's priorities need a licence that has them)
 * @param rateLimit null: the {@code notifier:} default
 */
public record MattermostTarget(String name, String webhookUrl, String serverUrl, String botToken, String channelId,
        String channel, String username, String iconUrl, String criticalPriority, RateLimit rateLimit) {

    public MattermostTarget {
        boolean webhook = webhookUrl != null;
        boolean bot = serverUrl != null || botToken != null || channelId != null;
        if (webhook == bot) {
            throw new IllegalArgumentException("a Mattermost destination is a webhook-url or a bot (url, bot-token,"
                    + " channel-id), exactly one of them");
        }
        if (bot) {
            Objects.requireNonNull(serverUrl, "serverUrl");
            Objects.requireNonNull(botToken, "botToken");
            Objects.requireNonNull(channelId, "channelId");
        }
        name = name == null ? "mattermost" : name;
    }

    /** A webhook destination. */
    public MattermostTarget(String webhookUrl, String channel, String username, String iconUrl) {
        this(null, webhookUrl, null, null, null, channel, username, iconUrl, null, null);
    }

    /** Whether it posts through the bot API (and so can thread and edit posts). */
    public boolean bot() {
        return botToken != null;
    }

    /** The same destination under another name. */
    public MattermostTarget named(String newName) {
        return new MattermostTarget(newName, webhookUrl, serverUrl, botToken, channelId, channel, username, iconUrl,
                criticalPriority, rateLimit);
    }

    /**
     * A stable id of where it posts, kept in the database (threads, delivery log) and used for the rate
     * limit: the same hook or bot channel in two routes is one destination. A hash, so no secret is stored;
     * without the bot token, so a new token keeps the threads.
     */
    public String key() {
        String where = bot() ? "bot|" + serverUrl + "|" + channelId : "hook|" + webhookUrl;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return (bot() ? "bot-" : "hook-") + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Where it posts without the secret part: scheme, host and port (and the bot's channel). */
    public String maskedUrl() {
        String url = bot() ? serverUrl : webhookUrl;
        try {
            URI uri = URI.create(url);
            String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            return bot() ? base + " (bot, channel " + channelId + ")" : base + "/…";
        } catch (IllegalArgumentException e) {
            return "…";
        }
    }

    @Override
    public String toString() {
        return "MattermostTarget[name=" + name + ", " + maskedUrl() + ", channel=" + channel + ", username="
                + username + ", criticalPriority=" + criticalPriority + ", rateLimit=" + rateLimit + "]";
    }
}
