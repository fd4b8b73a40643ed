package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.alert.config.AlertSettings;
import io.vigil.support.rest.NotFoundException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the health-service and domain-service for the dashboard, so that the browser talks to one
 * origin: a fixed set of GET paths (never an open proxy), the caller's own Authorization header
 * (each service checks its roles itself), status and body passed back as they came.
 */
@ApplicationScoped
public class SourcePassThrough {

    /** How long a source may take, connecting included, before the caller gets a 504. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A source service and how its URL is configured, for the messages. */
    public enum Source {
        HEALTH("health-service", "ALERT_HEALTH_URL"),
        DOMAINS("domain-service", "ALERT_DOMAIN_URL");

        final String service;
        final String env;

        Source(String service, String env) {
            this.service = service;
            this.env = env;
        }
    }

    /** What a source answered. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final AlertSettings settings;
    private final WebClient client;

    public SourcePassThrough(AlertSettings settings, Vertx vertx) {
        this.settings = settings;
        // Redirects off: a source answering with one is passed back, the token never follows it elsewhere.
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis()).setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * GETs {@code path} (segments already encoded, see {@link #segment}) of the source with these
     * query parameters; {@link NotFoundException} if the source is not configured,
     * {@link SourceUnavailableException} if it does not answer.
     */
    public Uni<Answer> get(Source source, String path, Map<String, List<String>> query, String authorization) {
        Optional<String> base = source == Source.HEALTH ? settings.healthUrl() : settings.domainUrl();
        if (base.isEmpty() || base.get().isBlank()) {
            return Uni.createFrom().failure(new NotFoundException("source",
                    "the " + source.service + " URL is not configured (" + source.env + ")"));
        }
        String url = base.get().replaceAll("/+$", "") + path;
        HttpRequest<io.vertx.mutiny.core.buffer.Buffer> request;
        try {
            request = client.requestAbs(HttpMethod.GET, url).timeout(TIMEOUT.toMillis());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new SourceUnavailableException(502,
                    "the " + source.service + " URL is not usable (" + source.env + ")"));
        }
        query.forEach((name, values) -> values.forEach(v -> request.addQueryParam(name, v)));
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.send()
                .map(r -> new Answer(r.statusCode(), r.getHeader("Content-Type"),
                        r.body() == null ? new byte[0] : r.body().getBytes()))
                .onFailure().transform(e -> unavailable(source, e));
    }

    /**
     * One path segment, percent-encoded (a check's name may hold anything); "." and ".." too, so
     * that a name can never walk the path up to another endpoint of the source.
     */
    public static String segment(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }

    private static SourceUnavailableException unavailable(Source source, Throwable e) {
        boolean timeout = e instanceof java.util.concurrent.TimeoutException
                || e.getClass().getSimpleName().contains("Timeout");
        Log.warnf("source unanswered source=%s timeout=%s: %s", source.service, timeout, e.toString());
        return timeout
                ? new SourceUnavailableException(504, "the " + source.service + " did not answer within "
                        + TIMEOUT.toSeconds() + "s")
                // The cause (an internal address) goes to the log, not to the caller.
                : new SourceUnavailableException(502, "the " + source.service + " cannot be reached");
    }
}
