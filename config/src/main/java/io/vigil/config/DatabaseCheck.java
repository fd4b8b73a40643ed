package io.vigil.config;

import java.util.Objects;

/**
 * {@code type: postgres} or {@code type: mysql}: log in and run {@code query} (default
 * {@code SELECT 1}). The URL is a JDBC URL as users already have them; the health-service connects
 * with its own non-blocking clients, not JDBC.
 *
 * @param database postgres or mysql (MariaDB answers as mysql)
 * @param password from the environment in the file ({@code ${SHOP_DB_PASSWORD}}); never printed
 */
public record DatabaseCheck(Database database, String url, String host, int port, String databaseName,
        String user, String password, String query) implements CheckKind {

    public static final String DEFAULT_QUERY = "SELECT 1";

    /** The database kinds, by {@code type:}. */
    public enum Database {
        POSTGRES("postgres", 5432, "jdbc:postgresql://"),
        MYSQL("mysql", 3306, "jdbc:mysql://", "jdbc:mariadb://");

        private final String type;
        private final int defaultPort;
        private final String[] schemes;

        Database(String type, int defaultPort, String... schemes) {
            this.type = type;
            this.defaultPort = defaultPort;
            this.schemes = schemes;
        }

        public String type() {
            return type;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** The URL prefixes accepted, e.g. {@code jdbc:postgresql://}. */
        public java.util.List<String> schemes() {
            return java.util.List.of(schemes);
        }
    }

    public DatabaseCheck {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(host, "host");
        query = query == null || query.isBlank() ? DEFAULT_QUERY : query;
    }

    @Override
    public String type() {
        return database.type();
    }

    @Override
    public String target() {
        return host;
    }

    @Override
    public String toString() {
        return "DatabaseCheck[" + database.type() + " " + url + ", user=" + user + ", password="
                + (password == null ? "none" : "******") + ", query=" + query + "]";
    }
}
