package io.vigil.alert.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live feed's figures, named by outcome like the rest: {@code vigil_live_connections} (open
 * and greeted), {@code vigil_live_messages_total{type,outcome}} (frames sent or failed, by frame
 * type), {@code vigil_live_points_total{outcome}} (chart samples buffered or dropped past the
 * per-host cap) and {@code vigil_live_snapshots_total{reason}} (on open, or after the LISTEN
 * connection came back).
 */
@Singleton
public class LiveMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter pointsBuffered;
    private final Counter pointsDropped;

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pointsBuffered = points("buffered");
        this.pointsDropped = points("dropped");
    }

    /** Registers the open-connections gauge over whatever counts them. */
    void trackConnections(Supplier<Number> open) {
        Gauge.builder("vigil.live.connections", open).description("Live dashboard connections open")
                .register(registry);
    }

    void sent(String type) {
        message(type, "sent").increment();
    }

    void failed(String type) {
        message(type, "failed").increment();
    }

    void snapshot(String reason) {
        counters.computeIfAbsent("snapshot/" + reason, k -> Counter.builder("vigil.live.snapshots")
                .tag("reason", reason).description("Alert snapshots sent to live connections, by why")
                .register(registry)).increment();
    }

    void buffered(int n) {
        pointsBuffered.increment(n);
    }

    void dropped(int n) {
        pointsDropped.increment(n);
    }

    private Counter message(String type, String outcome) {
        return counters.computeIfAbsent(type + "/" + outcome, k -> Counter.builder("vigil.live.messages")
                .tag("type", type).tag("outcome", outcome)
                .description("Frames sent to live dashboard connections, by type and outcome").register(registry));
    }

    private Counter points(String outcome) {
        return Counter.builder("vigil.live.points").tag("outcome", outcome)
                .description("Live chart samples of watched hosts, by outcome").register(registry);
    }
}
