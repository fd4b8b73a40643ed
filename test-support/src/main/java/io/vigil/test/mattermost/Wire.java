package io.vigil.test.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the fake answers, in one place so that the webhook and the bot API look alike: Mattermost ids,
 * JSON error bodies {@code {id, message, detailed_error, request_id, status_code}} and scripted replies.
 */
final class Wire {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService stalls;

    Wire(ScheduledExecutorService stalls) {
        this.stalls = stalls;
    }

    /** A new Mattermost id: 26 lower-case letters and digits. */
    String newId() {
        StringBuilder sb = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            sb.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }

    void error(HttpExchange exchange, Invalid e) throws IOException {
        error(exchange, e.status, e.id, e.getMessage(), e.detail);
    }

    void error(HttpExchange exchange, int status, String id, String message, String detail) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        String requestId = newId();
        body.put("id", id);
        body.put("message", message);
        body.put("detailed_error", detail);
        body.put("request_id", requestId);
        body.put("status_code", status);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        json(exchange, status, body);
    }

    void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, mapper.writeValueAsBytes(body));
    }

    void text(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Plays a scripted non-2xx reply; the caller has recorded the attempt. */
    void scripted(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.stall() != null) {
            // Answer later from another thread: the client must hit its own timeout first.
            stalls.schedule(() -> {
                try {
                    error(exchange, reply.status(), "fake.stalled", "Gateway timeout.", "the fake held the reply");
                } catch (IOException | RuntimeException ignored) {
                    exchange.close();
                }
            }, reply.stall().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (reply.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(reply.retryAfterSeconds()));
            error(exchange, 429, "api.context.rate_limit.app_error", "Too many requests.", "");
            return;
        }
        error(exchange, reply.status(), "fake.scripted", "Scripted reply " + reply.status() + ".", "");
    }
}
