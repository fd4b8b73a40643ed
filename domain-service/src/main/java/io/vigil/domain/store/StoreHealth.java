package io.vigil.domain.store;

import io.vigil.support.DependencyHealth;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether PostgreSQL answered the last write of findings and certificates. Readiness reads it; the
 * runs go on either way (their findings still reach Kafka), so an outage costs the API's view, not alerts.
 */
@ApplicationScoped
public class StoreHealth extends DependencyHealth {

    public StoreHealth() {
        super("domain store", "findings still go to Kafka; the API's view waits");
    }
}
