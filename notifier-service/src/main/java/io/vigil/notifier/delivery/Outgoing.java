package io.vigil.notifier.delivery;

import java.util.Objects;

/**
 * One HTTP request to Mattermost: a webhook post, or a bot API call. The URL (a webhook's holds its
 * secret id) and the bearer token are secrets: {@link #toString()} shows neither.
 *
 * @param method {@code POST} or {@code PUT}
 * @param bearer the bot's token for {@code Authorization: Bearer}; null for a webhook
 * @param body the JSON body
 */
public record Outgoing(String method, String url, String bearer, String body) {

    public Outgoing {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
    }

    public static Outgoing post(String url, String bearer, String body) {
        return new Outgoing("POST", url, bearer, body);
    }

    @Override
    public String toString() {
        return "Outgoing[" + method + ", " + body.length() + " chars]";
    }
}
