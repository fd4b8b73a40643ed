package io.vigil.alert.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for {@code /api/live} (the JDK's): collects every text frame as JSON, in
 * arrival order, and waits for the next one matching a condition within a bound.
 */
final class LiveClient implements AutoCloseable {

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> incoming;
    /** Every frame taken so far, in order. */
    final List<JsonNode> seen = new ArrayList<>();

    private LiveClient(WebSocket socket, LinkedBlockingQueue<JsonNode> incoming) {
        this.socket = socket;
        this.incoming = incoming;
    }

    /** The subprotocols a browser offers to carry its token. */
    static List<String> browserProtocols(String token) {
        return List.of("bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer%20" + token);
    }

    /** Opens a connection; {@link Refused} with the status if the upgrade is refused. */
    static LiveClient open(URI uri, List<String> subprotocols, Map<String, String> headers) throws Refused {
        LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(uri, new Collector(incoming)).orTimeout(20, TimeUnit.SECONDS).join();
            return new LiveClient(socket, incoming);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new Refused(h.getResponse().statusCode());
            }
            throw e;
        }
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next frame, whatever it is; fails after {@code within}. */
    JsonNode next(Duration within) throws InterruptedException {
        JsonNode frame = incoming.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + within + "; seen " + seen);
        }
        seen.add(frame);
        return frame;
    }

    /** Moves the frames that arrived so far into {@link #seen}, without waiting. */
    void drain() {
        JsonNode frame;
        while ((frame = incoming.poll()) != null) {
            seen.add(frame);
        }
    }

    /** Takes frames until one matches; fails if none does within {@code within}. */
    JsonNode await(Predicate<JsonNode> match, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            JsonNode frame = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no matching frame within " + within + "; seen " + seen);
            }
            seen.add(frame);
            if (match.test(frame)) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        socket.abort();
    }

    /** The upgrade was answered with a status other than 101. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status) {
            super("upgrade refused with " + status);
            this.status = status;
        }
    }

    /** Joins a message's parts and queues it as JSON. */
    private static final class Collector implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonNode> incoming;
        private final StringBuilder parts = new StringBuilder();

        Collector(LinkedBlockingQueue<JsonNode> incoming) {
            this.incoming = incoming;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                incoming.add(Json.read(parts.toString(), JsonNode.class));
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            incoming.add(Json.read("{\"type\":\"unexpected-binary\",\"bytes\":"
                    + StandardCharsets.UTF_8.decode(data).length() + "}", JsonNode.class));
            webSocket.request(1);
            return null;
        }
    }
}
