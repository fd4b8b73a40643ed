package io.vigil.collector.scrape;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vigil.config.ByteSizes;
import io.vigil.config.Durations;
import io.vigil.config.ScrapeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one target's exposition with Vert.x' non-blocking client and parses it. Never fails:
 * every problem (connection, timeout, status, size, format) becomes a {@link ScrapeResult} with a
 * reason, so the scheduler always gets an answer within the target's timeout. The page is read
 * chunk by chunk and abandoned as soon as it passes the target's {@code body-size-limit}, so an
 * exporter gone wild cannot fill the agent's small heap.
 */
public final class Scraper implements AutoCloseable {

    /** What Prometheus asks for: OpenMetrics first, then the text format, then anything. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1";

    private static final long IDLE_MARGIN_MILLIS = 1_000;

    private final HttpClient client;

    public Scraper(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                // Exporters answer gzip when asked (node_exporter does): a tenth of the bytes. The
                // chunks reach the size check decompressed, so the limit bounds what is held.
                .setTryUseCompression(true)
                .setDecompressionSupported(true)
                .setName("vigil-scraper"));
    }

    /** One scrape of {@code target}; the Uni completes within the target's timeout, never with a failure. */
    public Uni<ScrapeResult> scrape(ScrapeConfig target) {
        long started = System.nanoTime();
        long timeoutMillis = Math.max(1, target.timeout().toMillis());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(target.url().toString())
                // Redirects are not followed: the configured URL is the page, and credentials
                // must not travel to wherever a Location points.
                .setFollowRedirects(false)
                .putHeader("User-Agent", "vigil-collector")
                .putHeader("Accept", ACCEPT)
                .putHeader("X-Prometheus-Scrape-Timeout-Seconds",
                        String.format(Locale.ROOT, "%.3f", target.timeout().toMillis() / 1000.0))
                .setConnectTimeout(timeoutMillis)
                // The deadline below bounds the whole exchange and names it a timeout; this only
                // closes the abandoned connection of a silent exporter, a moment after the deadline.
                .setIdleTimeout(timeoutMillis + IDLE_MARGIN_MILLIS);
        String authorization = authorization(target);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        Future<Page> page = client.request(request)
                .compose(req -> req.send())
                .compose(response -> read(response, target.bodySizeLimit()));
        return Uni.createFrom().completionStage(page.toCompletionStage())
                .ifNoItem().after(target.timeout())
                .failWith(() -> new TimeoutException("no answer within " + Durations.format(target.timeout())))
                // Parsing a large page is CPU work: off the event loop, so other targets' timers stay on time.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transform(p -> answer(p, started))
                .onFailure().recoverWithItem(e -> e instanceof TooLarge
                        ? ScrapeResult.failed(ScrapeFailures.BODY_TOO_LARGE, e.getMessage(), seconds(started))
                        : ScrapeResult.failed(ScrapeFailures.reason(e), ScrapeFailures.detail(e), seconds(started)));
    }

    private static String authorization(ScrapeConfig target) {
        if (target.basicAuth() != null) {
            String pair = target.basicAuth().username() + ":" + target.basicAuth().password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return target.bearerToken() != null ? "Bearer " + target.bearerToken() : null;
    }

    /** The status and, for a 2xx, the body: at most {@code limit} bytes, else a {@link TooLarge} failure. */
    private static Future<Page> read(HttpClientResponse response, long limit) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            // The body is of no use; dropping the stream reports the reset to this handler, not the log.
            response.exceptionHandler(ignored -> { });
            response.request().reset();
            return Future.succeededFuture(new Page(status, null, null));
        }
        String contentType = response.getHeader("Content-Type");
        Promise<Page> page = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + (long) chunk.length() > limit) {
                if (page.tryFail(new TooLarge("the page is larger than the body-size-limit of "
                        + ByteSizes.format(limit)))) {
                    response.exceptionHandler(ignored -> { });
                    response.request().reset();
                }
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(page::tryFail);
        response.endHandler(v -> page.tryComplete(new Page(status, contentType, received)));
        return page.future();
    }

    private static ScrapeResult answer(Page page, long started) {
        if (page.status() < 200 || page.status() > 299) {
            return ScrapeResult.failed(ScrapeFailures.http(page.status()), "HTTP " + page.status(), seconds(started));
        }
        String text = page.body().toString(StandardCharsets.UTF_8);
        try {
            List<ParsedSample> samples = Exposition.parse(text, page.contentType());
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

    /** What came back: the status, and for a 2xx the content type and the whole body. */
    private record Page(int status, String contentType, Buffer body) {
    }

    /** A page past the target's size limit. */
    private static final class TooLarge extends RuntimeException {

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }
}
