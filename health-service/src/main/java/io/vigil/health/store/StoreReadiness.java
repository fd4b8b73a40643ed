package io.vigil.health.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness names a failing results store; the checks themselves go on and still reach Kafka. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final StoreHealth health;
    private final ResultStore results;

    public StoreReadiness(StoreHealth health, ResultStore results) {
        this.health = health;
        this.results = results;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth.Failure failure = health.failure();
        var response = HealthCheckResponse.named("health-store").withData("unwritten_results", results.unwritten());
        if (failure == null) {
            return response.up().build();
        }
        return response.down().withData("since", failure.since().toString()).withData("cause", failure.cause()).build();
    }
}
