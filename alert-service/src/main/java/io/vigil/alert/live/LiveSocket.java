package io.vigil.alert.live;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vigil.support.rest.Callers;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.security.Principal;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/live}: the dashboard's live feed. The HTTP upgrade is secured like the REST readers
 * (a viewer token or better; without one the upgrade is refused with 401). A browser cannot set
 * headers on a WebSocket, so it may carry the token in the subprotocol list
 * ({@code bearer-token-carrier} plus {@code quarkus-http-upgrade#Authorization#Bearer …}, see
 * application.properties). On open: {@code hello}, then a {@code snapshot} of the alerts; then
 * {@code alert} frames as alerts change and {@code points} for the hosts it {@code watch}es.
 * websockets-next closes the connection when the token expires ("Authentication expired"); the
 * browser then connects again with a fresh one and gets a new snapshot.
 */
@WebSocket(path = "/api/live")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class LiveSocket {

    private final LiveConnections connections;
    private final LiveAlerts alerts;
    private final LiveFeed feed;
    private final LiveFrames frames;
    private final SecurityIdentity identity;
    private final Clock clock;

    public LiveSocket(LiveConnections connections, LiveAlerts alerts, LiveFeed feed, LiveFrames frames,
            SecurityIdentity identity, Clock clock) {
        this.connections = connections;
        this.alerts = alerts;
        this.feed = feed;
        this.frames = frames;
        this.identity = identity;
        this.clock = clock;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        String hello = frames.hello(user(), identity.getRoles().stream().sorted().toList(), clock.instant());
        // Greeted first, then registered for changes, then the snapshot. Changes read while the
        // snapshot is in flight wait for it (LiveConnections.hold), so the snapshot, which replaces
        // the browser's alerts, never wipes a newer change; older ones lose on their sequence.
        return connections.sending(connection, LiveFrames.HELLO, hello)
                .invoke(() -> connections.add(connection))
                .chain(() -> alerts.snapshotTo(connection, "open"));
    }

    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        try {
            feed.watch(connection.id(), WatchRequest.parse(frames.mapper(), text).hosts());
            return Uni.createFrom().voidItem();
        } catch (WatchRequest.Invalid e) {
            return connections.sending(connection, LiveFrames.ERROR, frames.error(e.getMessage()));
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        connections.remove(connection.id());
        feed.forget(connection.id());
    }

    private String user() {
        Principal p = identity.getPrincipal();
        if (p instanceof JsonWebToken token) {
            return Callers.name(token);
        }
        return p == null ? "unknown" : p.getName();
    }
}
