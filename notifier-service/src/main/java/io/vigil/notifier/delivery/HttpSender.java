package io.vigil.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.events.Json;
import io.vigil.notifier.config.NotifierConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sends webhook posts and bot API calls with the Vert.x web client, non-blocking, with a timeout that
 * bounds the whole exchange. What an answer means is the {@link RetryPolicy}'s to say.
 */
@ApplicationScoped
public class HttpSender implements MattermostSender {

    private static final Pattern ERROR_ID = Pattern.compile("[a-z0-9_.]{1,100}");
    /** A bot API answer (the post) is small; a larger one is not kept. */
    private static final int MAX_KEPT_BODY = 256 * 1024;

    private final WebClient client;
    private final RetryPolicy policy;
    private final Duration timeout;

    public HttpSender(Vertx vertx, NotifierConfig config, RetryPolicy policy) {
        this.policy = policy;
        this.timeout = config.requestTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                // A webhook that redirects is misconfigured; following it could leak the post elsewhere.
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setUserAgent("vigil-notifier"));
    }

    @Override
    public Uni<SendResult> send(Outgoing out) {
        Uni<HttpResponse<Buffer>> request;
        try {
            HttpRequest<Buffer> r = client.requestAbs(HttpMethod.valueOf(out.method()), out.url())
                    .timeout(timeout.toMillis())
                    .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json");
            if (out.bearer() != null) {
                r.putHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + out.bearer());
            }
            request = r.sendBuffer(Buffer.buffer(out.body()));
        } catch (RuntimeException e) {
            // The URL could not even be parsed: retrying cannot help. The message may hold the URL.
            return Uni.createFrom().item(SendResult.permanent("invalid_url", "Mattermost URL is not usable"));
        }
        return request
                // The Vert.x timeout restarts on every byte; this one bounds the whole exchange.
                .ifNoItem().after(timeout.plusSeconds(1)).failWith(TimeoutException::new)
                .map(this::classify)
                .onFailure().recoverWithItem(this::noAnswer);
    }

    private SendResult classify(HttpResponse<Buffer> response) {
        SendResult result = policy.classify(response.statusCode(), response.getHeader("Retry-After"));
        if (result.delivered()) {
            Buffer body = response.body();
            return body == null || body.length() > MAX_KEPT_BODY ? result : SendResult.ok(body.toString());
        }
        String errorId = errorId(response);
        if (errorId == null) {
            return result;
        }
        return new SendResult(result.verdict(), result.cause(), result.detail() + " " + errorId, result.retryAfter());
    }

    /** Mattermost's error id ({@code web.incoming_webhook.text.app_error}): says why, and holds no secret. */
    private static String errorId(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            if (body == null || body.length() == 0 || body.length() > 64 * 1024) {
                return null;
            }
            JsonNode json = Json.mapper().readTree(body.toString());
            JsonNode id = json == null ? null : json.get("id");
            return id != null && id.isTextual() && ERROR_ID.matcher(id.asText()).matches() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private SendResult noAnswer(Throwable failure) {
        // Exception messages from the client name the request path, i.e. the secret hook id: use types only.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return policy.noAnswer("timeout", "no answer within " + timeout.toMillis() + "ms");
            }
            if (t instanceof ConnectException) {
                return policy.noAnswer("connection", "connection refused");
            }
            if (t instanceof UnknownHostException) {
                return policy.noAnswer("connection", "unknown host");
            }
        }
        return policy.noAnswer("connection", "request failed: " + failure.getClass().getSimpleName());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
