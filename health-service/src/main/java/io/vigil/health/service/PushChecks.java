package io.vigil.health.service;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.health.probe.ProbeResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Placeholder until the heartbeat branch lands. */
@ApplicationScoped
public class PushChecks {

    public Uni<Optional<ProbeResult>> verdict(CheckConfig check) {
        return Uni.createFrom().item(Optional.empty());
    }

    public Uni<Void> start(java.util.List<CheckConfig> checks) {
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> forget(String name) {
        return Uni.createFrom().voidItem();
    }
}
