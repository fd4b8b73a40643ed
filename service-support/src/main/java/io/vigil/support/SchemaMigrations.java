package io.vigil.support;

import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * How every service brings its schema up to date at start: first the credentials check (no
 * default password exists, so a missing variable must be named, not turned into a refused login),
 * then Flyway. Services call it from a start-up observer instead of
 * {@code quarkus.flyway.migrate-at-start}, which would log in before any check.
 */
public final class SchemaMigrations {

    private SchemaMigrations() {
    }

    public static MigrateResult migrate(Config config, Flyway flyway, String service) {
        DatabaseCredentials.require(config, service);
        return flyway.migrate();
    }
}
