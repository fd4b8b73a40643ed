package io.vigil.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Makes missing database credentials a clear start-up error. Quarkus reads
 * {@code quarkus.datasource.username/password} as optional, so without them it would start and fail
 * later with a login error; these two required keys default to the same values and, when those are
 * unset, stop the start naming the environment variable to set ("Could not expand value
 * QUARKUS_DATASOURCE_USERNAME ..."). No credentials ship in {@code application.properties}.
 */
@ConfigMapping(prefix = "notifier.datasource")
public interface DatasourceCredentials {

    /** The database user: {@code quarkus.datasource.username}, i.e. env {@code QUARKUS_DATASOURCE_USERNAME}. */
    @WithDefault("${quarkus.datasource.username:${QUARKUS_DATASOURCE_USERNAME}}")
    String username();

    /** The database password: {@code quarkus.datasource.password}, i.e. env {@code QUARKUS_DATASOURCE_PASSWORD}. */
    @WithDefault("${quarkus.datasource.password:${QUARKUS_DATASOURCE_PASSWORD}}")
    String password();
}
