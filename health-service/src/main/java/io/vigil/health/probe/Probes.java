package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Placeholder until the probes land (replaced by the probes branch). */
@ApplicationScoped
public class Probes {

    public Uni<ProbeResult> run(CheckConfig check) {
        return Uni.createFrom().item(ProbeResult.down(0, "not built yet", null));
    }
}
