package io.vigil.alert.service;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.RollupStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The hosts the dashboard offers: every host with a CPU sample in the metric history of the last
 * day (every collector sends one each tick, so it stands for "the host reports"), up while its
 * latest sample is recent. Read from the rollups, so every instance answers the same whichever
 * owns the host's partition.
 */
@ApplicationScoped
public class HostDirectory {

    /** The metric that says a host reports at all. */
    static final String PRESENCE_METRIC = "host_cpu_usage_ratio";
    /** Hosts silent for longer are not listed. */
    static final Duration LISTED_FOR = Duration.ofHours(24);
    /** A host whose latest sample is older than this is shown down: a few missed ticks, not one. */
    static final Duration UP_WITHIN = Duration.ofMinutes(2);

    private final RollupStore store;
    private final Clock clock;

    public HostDirectory(RollupStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The hosts by name. */
    public Uni<List<HostStatus>> hosts() {
        Instant now = clock.instant();
        Instant upSince = now.minus(UP_WITHIN);
        return store.hosts(PRESENCE_METRIC, now.minus(LISTED_FOR)).map(rows -> rows.stream()
                .map(r -> new HostStatus(r.host(), r.lastSeen(), !r.lastSeen().isBefore(upSince)))
                .toList());
    }
}
