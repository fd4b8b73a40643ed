package io.vigil.health.store;

import io.vigil.support.DependencyHealth;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether PostgreSQL answered the last write of recent results. Readiness reads it; the checks go on
 * either way (their results still reach Kafka), so an outage costs history, not alerts.
 */
@ApplicationScoped
public class StoreHealth extends DependencyHealth {

    public StoreHealth() {
        super("health store", "results still go to Kafka; history waits");
    }
}
