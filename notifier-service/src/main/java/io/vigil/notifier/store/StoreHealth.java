package io.vigil.notifier.store;

import io.vigil.support.DependencyHealth;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the delivery log's database answers, as the last operation found it. Readiness reads it;
 * nothing else depends on it (the delivery path simply keeps retrying).
 */
@ApplicationScoped
public class StoreHealth extends DependencyHealth {

    public StoreHealth() {
        super("delivery log", "retrying until it answers; nothing is acknowledged meanwhile");
    }
}
