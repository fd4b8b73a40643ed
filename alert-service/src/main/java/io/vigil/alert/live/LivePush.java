package io.vigil.alert.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@link #INTERVAL} sends the live feed's buffered chart samples to the connections watching
 * their hosts: one {@code points} frame per watched host with samples, so a connection gets at
 * most one frame per host per second however fast its hosts send.
 */
@ApplicationScoped
public class LivePush {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final LiveFeed feed;
    private final LiveFrames frames;
    private final LiveConnections connections;
    private long timer = -1;

    public LivePush(Vertx vertx, LiveFeed feed, LiveFrames frames, LiveConnections connections) {
        this.vertx = vertx;
        this.feed = feed;
        this.frames = frames;
        this.connections = connections;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> flush());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void flush() {
        if (feed.idle()) {
            return;
        }
        Map<String, List<LivePoint>> points = feed.drain();
        if (points.isEmpty()) {
            return;
        }
        // One text per host, shared by every connection watching it.
        Map<String, String> texts = new HashMap<>();
        for (Map.Entry<String, Set<String>> watch : feed.watches().entrySet()) {
            WebSocketConnection connection = connections.get(watch.getKey());
            if (connection == null) {
                continue;
            }
            for (String host : watch.getValue()) {
                List<LivePoint> hostPoints = points.get(host);
                if (hostPoints != null) {
                    connections.send(connection, LiveFrames.POINTS,
                            texts.computeIfAbsent(host, h -> frames.points(h, hostPoints)));
                }
            }
        }
    }
}
