package io.vigil.health.probe;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vigil.config.CheckConfig;
import io.vigil.config.Durations;
import io.vigil.config.HttpCheck;
import io.vigil.events.HealthStatus;
import io.vigil.health.guard.TargetGuard;
import io.vigil.support.net.TargetRefusedException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * {@code type: http}: one request (and its redirects) with Vert.x' non-blocking client, to the
 * address {@link TargetGuard} approved, then the check's conditions on the answer.
 */
@Singleton
public class HttpProbe implements Probe, AutoCloseable {

    /** The body read at most; conditions see this much, the rest is not downloaded. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * Connections at once to one server address. Every request has a connection of its own
     * (keep-alive off), so this is the number of checks of one server in flight, not a pool of
     * idle sockets: 10,000 checks a minute against one server whose answers take 5 s need about
     * 150. Vert.x allocates a slot array of this size per server, so it is not "unlimited". Past it
     * requests queue (no queue limit), each bounded by its own check's timeout.
     */
    static final int MAX_CONNECTIONS_PER_SERVER = 1024;

    private final Vertx vertx;
    private final TargetGuard guard;
    private final HttpClient verifying;
    private final HttpClient trustAll;

    @Inject
    public HttpProbe(Vertx vertx, TargetGuard guard) {
        this(vertx, guard, null);
    }

    /** @param trust what the verifying client trusts; null: the JDK's default trust store */
    HttpProbe(Vertx vertx, TargetGuard guard, TrustOptions trust) {
        this.vertx = vertx;
        this.guard = guard;
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER).setMaxWaitQueueSize(-1);
        this.verifying = vertx.createHttpClient(options().setVerifyHost(true).setTrustOptions(trust), pool);
        this.trustAll = vertx.createHttpClient(options().setTrustAll(true).setVerifyHost(false), pool);
    }

    private static HttpClientOptions options() {
        return new HttpClientOptions()
                // A fresh connection per check: latency and certificate are what a new visitor gets,
                // a server that hangs never pins a pooled socket, and each run connects to the
                // address the guard approved for it.
                .setKeepAlive(false)
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                // SNI carries the URL's host even though the connection goes to an IP address.
                .setForceSni(true)
                .setShared(false)
                .setName("vigil-http-probe");
    }

    @Override
    public Uni<ProbeResult> run(CheckConfig check) {
        if (!(check.kind() instanceof HttpCheck http)) {
            throw new IllegalArgumentException(check.name() + ": not an http check (" + check.type() + ")");
        }
        return ProbeRun.start(vertx, check.timeout(), List.of(),
                run -> {
                    run.detail("redirects", "0");
                    new Exchange(http, run).hop(http.url(), http.method(), http.body(), 0);
                });
    }

    @PreDestroy
    @Override
    public void close() {
        verifying.close();
        trustAll.close();
    }

    /** The hops of one run: the request, then each redirect followed. */
    private final class Exchange {

        private final HttpCheck check;
        private final ProbeRun run;
        private final HttpClient client;

        Exchange(HttpCheck check, ProbeRun run) {
            this.check = check;
            this.run = run;
            this.client = check.verifyTls() ? verifying : trustAll;
        }

        void hop(URI url, String method, String body, int redirects) {
            String host = Objects.requireNonNull(url.getHost(), "host");
            boolean https = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
            guard.address(host).onComplete(resolved -> {
                if (run.done()) {
                    return;
                }
                if (resolved.failed()) {
                    refusedOrFailed(resolved.cause(), url, redirects);
                    return;
                }
                InetAddress ip = resolved.result();
                run.detail("address", ip.getHostAddress());
                RequestOptions request = new RequestOptions()
                        .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(ip, port)))
                        .setHost(host)
                        .setPort(port)
                        .setSsl(https)
                        .setMethod(HttpMethod.valueOf(method))
                        .setURI(pathAndQuery(url))
                        .setFollowRedirects(false)
                        // Covers the wait for a pool slot as well as the connect.
                        .setConnectTimeout(run.remainingMillis());
                if (sameOrigin(url, check.url())) {
                    // Configured headers may carry a token meant for the check's own origin only.
                    check.headers().forEach(request::addHeader);
                }
                client.request(request)
                        .compose(req -> {
                            run.hold(req::reset);
                            return body == null ? req.send() : req.send(body);
                        })
                        .onComplete(answered -> {
                            if (run.done()) {
                                return;
                            }
                            if (answered.failed()) {
                                run.fail(answered.cause());
                            } else {
                                answer(url, method, answered.result(), redirects);
                            }
                        });
            });
        }

        private void refusedOrFailed(Throwable cause, URI url, int redirects) {
            if (redirects > 0 && cause instanceof TargetRefusedException refused) {
                run.finish(HealthStatus.DOWN, "refused redirect to " + Urls.redact(url) + ": " + refused.reason());
            } else {
                run.fail(cause);
            }
        }

        private void answer(URI url, String method, HttpClientResponse response, int redirects) {
            int status = response.statusCode();
            String location = response.getHeader("Location");
            if (check.followRedirects() && isRedirect(status) && location != null) {
                // The next hop gets a connection of its own; drop this one and its body.
                run.release();
                response.request().reset();
                redirect(url, method, status, location, redirects);
                return;
            }
            String certExpiry = certificateExpiry(response.request().connection());
            readBody(response).onComplete(read -> {
                if (run.done()) {
                    return;
                }
                if (read.failed()) {
                    run.fail(read.cause());
                    return;
                }
                run.release();
                long latency = run.elapsedMillis();
                Map<String, String> details = new HashMap<>();
                details.put("status_code", Integer.toString(status));
                details.put("redirects", Integer.toString(redirects));
                if (certExpiry != null) {
                    details.put("cert_expires_at", certExpiry);
                }
                if (redirects > 0) {
                    details.put("final_url", Urls.redact(url));
                }
                run.finish(verdict(status, read.result(), latency, details));
            });
        }

        private ProbeResult verdict(int status, String body, long latency, Map<String, String> details) {
            HttpCheck.Expect expect = check.expect();
            String failed = HttpConditions.firstFailure(expect, status, body,
                    System.nanoTime() + run.remainingMillis() * 1_000_000);
            if (failed != null) {
                details.put("failed_condition", failed);
                return ProbeResult.down(latency, failed, details);
            }
            if (expect.maxLatency() != null && latency > expect.maxLatency().toMillis()) {
                String slow = "latency " + latency + "ms above " + Durations.format(expect.maxLatency());
                details.put("failed_condition", slow);
                return ProbeResult.degraded(latency, slow, details);
            }
            return ProbeResult.up(latency, "HTTP " + status, details);
        }

        private void redirect(URI from, String method, int status, String location, int redirects) {
            if (redirects >= HttpCheck.MAX_REDIRECTS) {
                run.finish(HealthStatus.DOWN, "more than " + HttpCheck.MAX_REDIRECTS + " redirects");
                return;
            }
            URI next;
            try {
                next = from.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                run.finish(HealthStatus.DOWN, "redirect " + (redirects + 1) + " has an unusable Location");
                return;
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
                run.finish(HealthStatus.DOWN, "redirect " + (redirects + 1) + " leads to a non-HTTP location");
                return;
            }
            // 303 always, and 301/302 after a POST as browsers do, become a GET without body;
            // 307/308 repeat the request as it was.
            boolean toGet = status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST");
            run.detail("redirects", Integer.toString(redirects + 1));
            Log.debugf("http check redirect hop=%d to=%s", redirects + 1, Urls.redact(next));
            hop(next, toGet ? "GET" : method, toGet ? null : check.body(), redirects + 1);
        }

        private Future<String> readBody(HttpClientResponse response) {
            Promise<String> body = Promise.promise();
            Buffer received = Buffer.buffer();
            response.handler(chunk -> {
                if (body.future().isComplete()) {
                    return;
                }
                int room = MAX_BODY_BYTES - received.length();
                if (chunk.length() < room) {
                    received.appendBuffer(chunk);
                    return;
                }
                // Enough to judge: stop downloading rather than hold a large answer in memory.
                received.appendBuffer(chunk, 0, room);
                run.detail("body_truncated", "true");
                body.tryComplete(received.toString(StandardCharsets.UTF_8));
                response.request().reset();
            });
            response.exceptionHandler(body::tryFail);
            response.endHandler(v -> body.tryComplete(received.toString(StandardCharsets.UTF_8)));
            return body.future();
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** The leaf certificate's notAfter (ISO-8601), also when it was not verified; null for plain HTTP. */
    private static String certificateExpiry(HttpConnection connection) {
        if (connection == null || !connection.isSsl()) {
            return null;
        }
        try {
            List<Certificate> chain = connection.peerCertificates();
            if (!chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) {
                return leaf.getNotAfter().toInstant().toString();
            }
        } catch (SSLPeerUnverifiedException e) {
            // No certificate to report; the answer still counts.
        }
        return null;
    }
}
