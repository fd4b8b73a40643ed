package io.vigil.config;

import java.util.Objects;

/**
 * Where a route posts in Mattermost. The webhook URL is a secret: {@link #toString()} masks it, so
 * it cannot reach a log by accident.
 *
 * @param channel optional override of the webhook's default channel
 * @param username optional override of the poster's name
 */
public record MattermostTarget(String webhookUrl, String channel, String username, String iconUrl) {

    public MattermostTarget {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
    }

    /** The URL without its secret part (the hook id): scheme, host and port only. */
    public String maskedUrl() {
        try {
            java.net.URI uri = java.net.URI.create(webhookUrl);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/…";
        } catch (IllegalArgumentException e) {
            return "…";
        }
    }

    @Override
    public String toString() {
        return "MattermostTarget[webhookUrl=" + maskedUrl() + ", channel=" + channel + ", username=" + username + "]";
    }
}
