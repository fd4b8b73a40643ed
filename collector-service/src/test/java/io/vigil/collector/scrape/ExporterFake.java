package io.vigil.collector.scrape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A Prometheus exporter on 127.0.0.1 and a random port: each path serves a body with a status, or
 * hangs (until {@link #close}, at most 30 s) like an exporter stuck on a slow collector. Records the
 * request headers it saw.
 */
final class ExporterFake implements AutoCloseable {

    /** What one path answers; {@code gzip}: compressed when the request accepts it, as node_exporter does. */
    record Page(int status, String body, boolean hang, boolean gzip) {

        Page(int status, String body, boolean hang) {
            this(status, body, hang, false);
        }

        static Page ok(String body) {
            return new Page(200, body, false);
        }

        static Page gzipped(String body) {
            return new Page(200, body, false, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    ExporterFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A thread per exchange: a hanging page must not hold up the others.
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    void serve(String path, Page page) {
        pages.put(path, page);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    String instance() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(Map.copyOf(exchange.getRequestHeaders()));
        Page page = pages.getOrDefault(exchange.getRequestURI().getPath(), new Page(404, "not found\n", false));
        if (page.hang()) {
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (page.gzip() && accepted != null && accepted.contains("gzip")) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (GZIPOutputStream zip = new GZIPOutputStream(packed)) {
                zip.write(body);
            }
            body = packed.toByteArray();
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        try {
            exchange.sendResponseHeaders(page.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The scraper gave up and closed the connection: expected for a hanging page.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
