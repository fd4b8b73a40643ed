package io.vigil.domain.store;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vigil.support.SchemaMigrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;

/**
 * Checks the database credentials, then migrates schema {@code domain}, first thing at start
 * (instead of {@code quarkus.flyway.migrate-at-start}, which would try to log in before any check).
 * Nothing runs a domain before this has finished: the scheduler starts after it.
 */
@ApplicationScoped
public class SchemaMigration {

    void migrate(@Observes @Priority(1) StartupEvent event, Flyway flyway, Config config) {
        var result = SchemaMigrations.migrate(config, flyway, "domain-service");
        Log.infof("schema domain migrated applied=%d version=%s", result.migrationsExecuted, result.targetSchemaVersion);
    }
}
