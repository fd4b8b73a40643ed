package io.vigil.alert.health;

import io.vigil.alert.config.AlertSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the pipelines ({@code metrics}, {@code health-results}, {@code domain-findings}).
 * Readiness is DOWN while PostgreSQL or Kafka fails and the
 * pipeline waits for it (consumption paused, nothing acknowledged); liveness stays UP then, since
 * a restart would not help. Liveness goes DOWN only when a batch is stuck with no failure to
 * explain it, so that an orchestrator (or {@code ./vigil up}) restarts the service.
 */
@ApplicationScoped
public class PipelineChecks {

    @Produces
    @Singleton
    PipelineHealth pipelineHealth() {
        return new PipelineHealth();
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck dependencies(PipelineHealth health) {
        return () -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("alert pipeline dependencies");
            var failing = health.failing();
            failing.forEach((operation, f) -> b.withData(operation, "failing since " + f.since() + ": " + f.error()));
            return b.status(failing.isEmpty()).build();
        };
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck progress(PipelineHealth health, AlertSettings settings) {
        return () -> HealthCheckResponse.named("alert pipeline progress")
                .status(!health.stuck(settings.stuckAfter(), Instant.now()))
                .build();
    }
}
