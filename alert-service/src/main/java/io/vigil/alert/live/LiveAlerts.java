package io.vigil.alert.live;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.AlertQueries;
import io.vigil.alert.store.AlertView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The alerts side of the live feed: the snapshot a connection starts from (and gets again when
 * changes may have been missed) and the current rows of changed alerts for everyone. It reads
 * the store directly: the pipeline taps this package, and the service package uses the pipeline.
 */
@Singleton
public class LiveAlerts {

    /** Resolved alerts stay on the dashboard this long, so that what just recovered is still seen. */
    static final Duration RESOLVED_SHOWN = Duration.ofHours(24);
    /** The largest snapshot: far more than a screen shows, small enough for one frame. */
    static final int SNAPSHOT_LIMIT = 1000;

    private final AlertQueries alerts;
    private final LiveFrames frames;
    private final LiveConnections connections;
    private final LiveMetrics metrics;
    private final Clock clock;

    public LiveAlerts(AlertQueries alerts, LiveFrames frames, LiveConnections connections, LiveMetrics metrics,
            Clock clock) {
        this.alerts = alerts;
        this.frames = frames;
        this.connections = connections;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Sends a fresh snapshot to one connection. */
    Uni<Void> snapshotTo(WebSocketConnection connection, String reason) {
        connections.hold(connection.id());
        return snapshot().chain(text -> connections.sending(connection, LiveFrames.SNAPSHOT, text))
                .invoke(() -> metrics.snapshot(reason))
                .onTermination().invoke(() -> connections.release(connection));
    }

    /** Sends a fresh snapshot to every greeted connection (one query, one text for all). */
    void snapshotToAll(String reason) {
        if (connections.isEmpty()) {
            return;
        }
        List<WebSocketConnection> all = List.copyOf(connections.all());
        all.forEach(c -> connections.hold(c.id()));
        snapshot().subscribe().with(text -> {
            for (WebSocketConnection c : all) {
                connections.sending(c, LiveFrames.SNAPSHOT, text).onTermination().invoke(() -> connections.release(c))
                        .subscribe().with(ok -> metrics.snapshot(reason), e -> { });
            }
        }, e -> {
            all.forEach(connections::release);
            Log.warnf("live snapshot not read reason=%s: %s", reason, e.toString());
        });
    }

    /** Reads the current rows of these alerts and sends each to every greeted connection. */
    void changed(Collection<UUID> ids) {
        if (connections.isEmpty()) {
            return;
        }
        alerts.byIds(ids).subscribe().with(views -> {
            for (AlertView v : views) {
                connections.broadcast(LiveFrames.ALERT, frames.alert(v));
            }
        }, e -> Log.warnf("live alert changes not read count=%d: %s", ids.size(), e.toString()));
    }

    private Uni<String> snapshot() {
        return alerts.live(clock.instant().minus(RESOLVED_SHOWN), SNAPSHOT_LIMIT).map(frames::snapshot);
    }
}
