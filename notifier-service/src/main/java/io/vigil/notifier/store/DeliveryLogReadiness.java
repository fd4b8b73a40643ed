package io.vigil.notifier.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the delivery log's database fails: notifications wait (none is acknowledged without
 * being recorded) and resume by themselves. Liveness stays up: a restart would not bring the database back.
 */
@Readiness
@ApplicationScoped
public class DeliveryLogReadiness implements HealthCheck {

    private final StoreHealth health;

    public DeliveryLogReadiness(StoreHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth.Failure failure = health.failure();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("delivery-log");
        if (failure == null) {
            return response.up().build();
        }
        return response.down()
                .withData("cause", "delivery log database failing: " + failure.cause())
                .withData("since", failure.since().toString())
                .build();
    }
}
