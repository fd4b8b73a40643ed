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
    /** Alert frames waiting for a snapshot in flight to a connection. */
    private final HeldFrames held = new HeldFrames();
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
        held.forget(id);
    }

    /**
     * From now until {@link #release}, alert frames for this connection wait: the snapshot being
     * read for it replaces the browser's alerts, so a change read after the snapshot must arrive
     * after it (sent before, an alert that fired meanwhile would be wiped by the older snapshot).
     * Frames read before the snapshot may then come after it too; the browser keeps the higher
     * sequence, so they change nothing.
     */
    void hold(String id) {
        held.hold(id);
    }

    /** Sends the alert frames held for this connection since {@link #hold}, in order, and stops holding. */
    void release(WebSocketConnection connection) {
        for (String text : held.release(connection.id())) {
            send(connection, LiveFrames.ALERT, text);
        }
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

    /** Sends one frame to every greeted connection; alert frames wait where a snapshot is in flight. */
    void broadcast(String type, String text) {
        for (WebSocketConnection c : open.values()) {
            if (type.equals(LiveFrames.ALERT) && held.offer(c.id(), text)) {
                continue;
            }
            send(c, type, text);
        }
    }
}
