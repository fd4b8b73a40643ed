package io.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vigil.events.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The alert-service REST API as an e2e test calls it: plain HTTP with a bearer token, JSON answers. */
final class AlertApi {

    /** An answer: the status, and the body as JSON (a missing node when it is empty or not JSON). */
    record Answer(int status, JsonNode json, String body) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ServiceProcess service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    AlertApi(ServiceProcess service) {
        this.service = service;
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    Answer post(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    Answer delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /**
     * Waits until exactly one alert on {@code host} is firing, as {@code GET /api/alerts} lists it to
     * {@code token}'s holder, and returns its id.
     */
    String awaitOneFiring(String host, String token, Duration wait, Duration poll) {
        String[] id = {null};
        org.awaitility.Awaitility.await("one firing alert on " + host).atMost(wait).pollInterval(poll).until(() -> {
            JsonNode items = get("/api/alerts?state=firing&match=" + encode("host=\"" + host + "\""), token).json()
                    .path("items");
            if (items.size() == 1) {
                id[0] = items.get(0).path("id").asText();
                return true;
            }
            return false;
        });
        return id[0];
    }

    /** A query parameter's value, encoded for a URL ({@code host="web-1"} has quotes). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(service.url(path))).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest r = request.build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), json(response.body()), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(r.method() + " " + r.uri() + " interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
