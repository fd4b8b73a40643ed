package io.vigil.domain.dns;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vigil.support.net.TargetPolicy;
import io.vigil.support.net.TargetRefusedException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code address-source: https://...}: a GET whose trimmed body is the caller's public address.
 * The URL's host goes through the SSRF {@link TargetPolicy} first and the request goes to the
 * address it chose, with the URL's host as Host header and SNI, so a second DNS answer cannot
 * point the request somewhere the policy never saw. Redirects are not followed (an address
 * service answers directly; following one would need the policy again).
 */
final class HttpAddressSource implements AutoCloseable {

    /** An address is at most 45 characters; anything much longer is not an address service's answer. */
    static final int MAX_BODY_BYTES = 1024;

    private final Vertx vertx;
    private final TargetPolicy policy;
    private final Duration timeout;
    private final HttpClient client;

    HttpAddressSource(Vertx vertx, TargetPolicy policy, Duration timeout) {
        this.vertx = vertx;
        this.policy = policy;
        this.timeout = timeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                // A fresh connection each run: it goes to the address the policy approved this time.
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setShared(false)
                .setName("vigil-ddns-source"));
    }

    /** The public address the URL answers with; never fails (a failure is in the result). */
    CompletableFuture<PublicAddress> read(URI url) {
        String source = url.toString();
        String host = url.getHost() == null ? "" : url.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        CompletableFuture<PublicAddress> result = address(bare)
                .compose(ip -> fetch(url, bare, ip, port, https))
                .map(body -> parse(source, body))
                .otherwise(e -> PublicAddress.failed(source, why(e)))
                .toCompletionStage().toCompletableFuture();
        return result.completeOnTimeout(PublicAddress.failed(source, "no answer within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Future<InetAddress> address(String host) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return decide(host, true, List.of(literal));
        }
        // The JDK resolver sees /etc/hosts like the rest of the machine; it blocks, so not on the event loop.
        return vertx.<List<InetAddress>>executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false)
                .compose(answers -> decide(host, false, answers));
    }

    private Future<InetAddress> decide(String host, boolean literal, List<InetAddress> answers) {
        try {
            return Future.succeededFuture(policy.choose(host, literal, answers));
        } catch (TargetRefusedException | UnknownHostException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<String> fetch(URI url, String host, InetAddress ip, int port, boolean https) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(ip, port)))
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setMethod(HttpMethod.GET)
                .setURI(path)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        return client.request(request).compose(req -> req.send()).compose(this::body);
    }

    private Future<String> body(HttpClientResponse response) {
        if (response.statusCode() / 100 != 2) {
            // The body is of no use; dropping the stream reports the reset to this handler, not the log.
            response.exceptionHandler(ignored -> { });
            response.request().reset();
            return Future.failedFuture(new SourceException("the address source answered HTTP " + response.statusCode()));
        }
        Promise<String> body = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BODY_BYTES) {
                body.tryFail(new SourceException("the address source answered more than " + MAX_BODY_BYTES + " bytes"));
                response.request().reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(received.toString(StandardCharsets.UTF_8)));
        return body.future();
    }

    private static PublicAddress parse(String source, String body) {
        String text = body.trim();
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(text);
        if (ip == null) {
            String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            return PublicAddress.failed(source, "the address source answered '" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "', not an IP address");
        }
        return PublicAddress.of(source, List.of(ip));
    }

    private static String why(Throwable e) {
        if (e instanceof TargetRefusedException || e instanceof SourceException) {
            return e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "cannot resolve " + e.getMessage();
        }
        return "the address source failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    @Override
    public void close() {
        client.close();
    }

    /** A source that answered, but not with an address. */
    private static final class SourceException extends RuntimeException {

        SourceException(String message) {
            super(message, null, false, false);
        }
    }
}
