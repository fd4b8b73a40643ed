package io.vigil.alert.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alert.silence.MuteReason;
import java.util.Locale;

/**
 * The dispatcher's outcomes on {@code /q/metrics}: posts by reason and the alerts they told
 * ({@code vigil_dispatch_posts_total{reason}}, {@code vigil_dispatch_alerts_told_total}), and
 * changes not told because something muted them ({@code vigil_dispatch_muted_total{reason}}).
 */
public final class DispatchMetrics {

    private final MeterRegistry registry;

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void posted(DispatchReason reason, int alerts) {
        Counter.builder("vigil_dispatch_posts_total").description("Notifications published, by why they went out")
                .tag("reason", reason.label()).register(registry).increment();
        Counter.builder("vigil_dispatch_alerts_told_total").description("Alert changes told in notifications")
                .register(registry).increment(alerts);
    }

    void muted(MuteReason.Kind kind) {
        Counter.builder("vigil_dispatch_muted_total")
                .description("Alert changes not told: inhibited, silenced or in a maintenance window")
                .tag("reason", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
