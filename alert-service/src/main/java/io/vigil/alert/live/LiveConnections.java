package io.vigil.alert.live;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections that have been greeted (their {@code hello} sent): only these get alert and
 * points frames, so a browser never sees a change before it knows who it is. Every frame goes out
 * through here and is counted by type and outcome.
 */
@Singleton
public class LiveConnections {

    private final Map<String, WebSocketConnection> open = new ConcurrentHashMap<>();
    private final LiveMetrics metrics;

    public LiveConnections(LiveMetrics metrics) {
        this.metrics = metrics;
        metrics.trackConnections(open::size);
    }

    void add(WebSocketConnection connection) {
        open.put(connection.id(), connection);
    }

    void remove(String id) {
        open.remove(id);
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    Collection<WebSocketConnection> all() {
        return List.copyOf(open.values());
    }

    WebSocketConnection get(String id) {
        return open.get(id);
    }

    /** Sends one frame without waiting; a failure (the peer went away) is counted and logged at DEBUG. */
    void send(WebSocketConnection connection, String type, String text) {
        if (connection.isOpen()) {
            sending(connection, type, text).subscribe().with(ok -> { }, e -> { });
        }
    }

    /** Sends one frame, counted by outcome; the Uni fails as the send did. */
    Uni<Void> sending(WebSocketConnection connection, String type, String text) {
        return connection.sendText(text).invoke(() -> metrics.sent(type)).onFailure().invoke(e -> {
            metrics.failed(type);
            Log.debugf("live frame not sent type=%s connection=%s: %s", type, connection.id(), e.toString());
        });
    }

    /** Sends one frame to every greeted connection. */
    void broadcast(String type, String text) {
        for (WebSocketConnection c : open.values()) {
            send(c, type, text);
        }
    }
}
