package io.vigil.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Services ship no default database password: credentials come from the environment
 * ({@code ./vigil up} passes each service a role of its own). This check runs before the schema
 * migration, so a missing variable is a clear start-up error instead of a refused login as some
 * made-up user.
 */
public final class DatabaseCredentials {

    private DatabaseCredentials() {
    }

    /** Throws, naming the missing variables, unless user name and password are both set. */
    public static void require(Config config, String service) {
        require(property -> config.getOptionalValue(property, String.class), service);
    }

    /** The same check over any property lookup. */
    public static void require(Function<String, Optional<String>> lookup, String service) {
        List<String> missing = new ArrayList<>();
        if (blank(lookup, "quarkus.datasource.username")) {
            missing.add("QUARKUS_DATASOURCE_USERNAME");
        }
        if (blank(lookup, "quarkus.datasource.password")) {
            missing.add("QUARKUS_DATASOURCE_PASSWORD");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(service + " has no database credentials: set " + String.join(" and ", missing)
                    + " (./vigil up sets them for you; there is no default password)");
        }
    }

    private static boolean blank(Function<String, Optional<String>> lookup, String property) {
        return lookup.apply(property).map(String::isBlank).orElse(true);
    }
}
