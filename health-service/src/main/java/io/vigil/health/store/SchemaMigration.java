package io.vigil.health.store;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vigil.support.SchemaMigrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;

/**
 * Checks the database credentials, then migrates schema {@code health}, first thing at start
 * (instead of {@code quarkus.flyway.migrate-at-start}, which would try to log in before any check).
 * Nothing runs a check before this has finished: the scheduler starts after it.
 */
@ApplicationScoped
public class SchemaMigration {

    void migrate(@Observes @Priority(1) StartupEvent event, Flyway flyway, Config config) {
        var result = SchemaMigrations.migrate(config, flyway, "health-service");
        Log.infof("schema health migrated applied=%d version=%s", result.migrationsExecuted, result.targetSchemaVersion);
    }
}
