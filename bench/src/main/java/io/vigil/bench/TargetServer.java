package io.vigil.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the health benchmark's checks point at: an HTTP server on 127.0.0.1 whose path says how to
 * answer — {@code /ok/<n>} at once, {@code /slow/<n>} after a delay, {@code /hang/<n>} never (the
 * connection stays open, no response) — and which notes when each check's request arrived.
 */
final class TargetServer implements AutoCloseable {

    /** How a target answers. */
    enum Behaviour {
        OK("ok"), SLOW("slow"), HANG("hang");

        final String path;

        Behaviour(String path) {
            this.path = path;
        }
    }

    private final Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final int[] ports;
    private final long slowMillis;
    // Touched on the one event loop only, read by the bench thread through the synchronized methods.
    private long[] arrivals = new long[1 << 16];
    private int arrivalCount;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();

    private TargetServer(Vertx vertx, int[] ports, long slowMillis) {
        this.vertx = vertx;
        this.ports = ports;
        this.slowMillis = slowMillis;
    }

    /**
     * Listens on {@code portCount} random ports of 127.0.0.1. One event loop: 170 requests a second
     * is nothing for it, and its CPU stays small beside the service's on shared cores.
     */
    static TargetServer start(int portCount, Duration slow) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        TargetServer target = new TargetServer(vertx, new int[portCount], slow.toMillis());
        try {
            for (int i = 0; i < portCount; i++) {
                // No idle timeout: a hanging target keeps its connection open until the probe gives up.
                HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                                .setIdleTimeout(0).setAcceptBacklog(4096))
                        .connectionHandler(c -> {
                            target.maxOpen.accumulateAndGet(target.open.incrementAndGet(), Math::max);
                            c.closeHandler(v -> target.open.decrementAndGet());
                        })
                        .requestHandler(target::handle);
                server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                target.servers.add(server);
                target.ports[i] = server.actualPort();
            }
            return target;
        } catch (Exception e) {
            target.close();
            throw e;
        }
    }

    /** The URL of check {@code n}; checks are spread over the ports in turn. */
    String url(Behaviour behaviour, int n) {
        return "http://127.0.0.1:" + ports[n % ports.length] + "/" + behaviour.path + "/" + n;
    }

    int portCount() {
        return ports.length;
    }

    private void handle(HttpServerRequest request) {
        long now = System.nanoTime();
        String path = request.path();
        int slash = path.indexOf('/', 1);
        int n;
        try {
            n = slash < 0 ? -1 : Integer.parseInt(path.substring(slash + 1));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            unknown.incrementAndGet();
            request.response().setStatusCode(404).end();
            return;
        }
        record(n, now);
        String kind = path.substring(1, slash);
        if (kind.equals(Behaviour.OK.path)) {
            request.response().end("ok");
        } else if (kind.equals(Behaviour.SLOW.path)) {
            vertx.setTimer(slowMillis, id -> {
                // The probe may have given up meanwhile.
                if (!request.response().closed()) {
                    request.response().end("slow");
                }
            });
        }
        // HANG: no answer at all; the probe's timeout has to end it.
    }

    private synchronized void record(int check, long nanos) {
        if (arrivalCount * 2 + 2 > arrivals.length) {
            arrivals = java.util.Arrays.copyOf(arrivals, arrivals.length * 2);
        }
        arrivals[arrivalCount * 2] = check;
        arrivals[arrivalCount * 2 + 1] = nanos;
        arrivalCount++;
    }

    /** Every request so far as [check, System.nanoTime() of arrival] pairs, flattened. */
    synchronized long[] arrivals() {
        return java.util.Arrays.copyOf(arrivals, arrivalCount * 2);
    }

    /** Connections open right now and at most so far. */
    int openConnections() {
        return open.get();
    }

    int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Requests for a path that is no check's (should stay 0). */
    int unknownRequests() {
        return unknown.get();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
