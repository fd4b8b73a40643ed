package io.vigil.collector.scrape;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vigil.config.Durations;
import io.vigil.config.ScrapeConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one target's exposition with Vert.x' non-blocking client and parses it. Never fails:
 * every problem (connection, timeout, status, format) becomes a {@link ScrapeResult} with a reason,
 * so the scheduler always gets an answer within the target's timeout.
 */
public final class Scraper implements AutoCloseable {

    /** What Prometheus asks for: OpenMetrics first, then the text format, then anything. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1";

    private static final long IDLE_MARGIN_MILLIS = 1_000;

    private final WebClient client;

    public Scraper(io.vertx.core.Vertx vertx) {
        this.client = WebClient.create(new Vertx(vertx), new WebClientOptions()
                .setUserAgent("vigil-collector")
                // Exporters answer gzip when asked (node_exporter does): a tenth of the bytes.
                .setTryUseCompression(true)
                .setDecompressionSupported(true)
                // Redirects are not followed: the configured URL is the page, and credentials
                // must not travel to wherever a Location points.
                .setFollowRedirects(false)
                .setName("vigil-scraper"));
    }

    /** One scrape of {@code target}; the Uni completes within the target's timeout, never with a failure. */
    public Uni<ScrapeResult> scrape(ScrapeConfig target) {
        long started = System.nanoTime();
        long timeoutMillis = Math.max(1, target.timeout().toMillis());
        HttpRequest<Buffer> request = client.getAbs(target.url().toString())
                .putHeader("Accept", ACCEPT)
                .putHeader("X-Prometheus-Scrape-Timeout-Seconds",
                        String.format(Locale.ROOT, "%.3f", target.timeout().toMillis() / 1000.0))
                .connectTimeout(timeoutMillis)
                // The deadline below bounds the whole exchange and names it a timeout; this only
                // closes the abandoned connection of a silent exporter, a moment after the deadline.
                .idleTimeout(timeoutMillis + IDLE_MARGIN_MILLIS);
        if (target.basicAuth() != null) {
            request.basicAuthentication(target.basicAuth().username(), target.basicAuth().password());
        } else if (target.bearerToken() != null) {
            request.bearerTokenAuthentication(target.bearerToken());
        }
        return request.send()
                .ifNoItem().after(target.timeout())
                .failWith(() -> new TimeoutException("no answer within " + Durations.format(target.timeout())))
                // Parsing a large page is CPU work: off the event loop, so other targets' timers stay on time.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transform(response -> answer(response, started))
                .onFailure().recoverWithItem(e -> ScrapeResult.failed(ScrapeFailures.reason(e),
                        ScrapeFailures.detail(e), seconds(started)));
    }

    private static ScrapeResult answer(HttpResponse<Buffer> response, long started) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return ScrapeResult.failed(ScrapeFailures.http(status), "HTTP " + status, seconds(started));
        }
        Buffer body = response.body();
        String text = body == null ? "" : body.getDelegate().toString(StandardCharsets.UTF_8);
        try {
            List<ParsedSample> samples = Exposition.parse(text, response.getHeader("Content-Type"));
            return ScrapeResult.ok(samples, seconds(started));
        } catch (ExpositionException e) {
            return ScrapeResult.failed(ScrapeFailures.PARSE, e.getMessage(), seconds(started));
        } catch (RuntimeException e) {
            // A parser bug must cost one scrape, not the target's schedule.
            return ScrapeResult.failed(ScrapeFailures.PARSE, e.toString(), seconds(started));
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void close() {
        client.close();
    }
}
