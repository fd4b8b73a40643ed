package io.vigil.domain.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness names a failing store; the runs themselves go on and still reach Kafka. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final StoreHealth health;

    public StoreReadiness(StoreHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth.Failure failure = health.failure();
        var response = HealthCheckResponse.named("domain-store");
        if (failure == null) {
            return response.up().build();
        }
        return response.down().withData("since", failure.since().toString()).withData("cause", failure.cause()).build();
    }
}
