package io.vigil.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL roles of an embedded run (DESIGN §2: each storing service owns its schema). Each
 * service logs in as its own role, which owns its schema and nothing else, so a compromised or
 * buggy service cannot read or drop another's tables, and no service is superuser. Run as the
 * superuser on every start: it creates what is missing, keeps the passwords in sync with
 * {@code .vigil/secrets/}, and takes over homes of older versions, where the services ran as
 * {@code postgres} and everything in their schemas belongs to it.
 */
public final class DatabaseRoles {

    /** A service's login role and the schema it owns. */
    public record Role(String name, String schema) {

        /** The name of its password under {@code .vigil/secrets/}. */
        public String secret() {
            return "postgres-" + name;
        }
    }

    public static final Role ALERT = new Role("vigil_alert", "alert");
    public static final Role NOTIFIER = new Role("vigil_notifier", "notifier");
    public static final Role HEALTH = new Role("vigil_health", "health");
    public static final Role DOMAIN = new Role("vigil_domain", "domain");
    public static final List<Role> ALL = List.of(ALERT, NOTIFIER, HEALTH, DOMAIN);

    private DatabaseRoles() {
    }

    /** Creates or updates the roles, their schemas and the database's privileges; {@code vigil} is a superuser connection to the Vigil database. */
    public static void provision(Connection vigil, String database, Map<Role, String> passwords) throws SQLException {
        try (Statement st = vigil.createStatement()) {
            // A failing statement is logged with its text by default; these carry passwords.
            st.execute("SET log_min_error_statement = panic");
            st.execute("SET log_statement = 'none'");
            for (Role role : ALL) {
                String password = passwords.get(role);
                if (password == null) {
                    throw new IllegalArgumentException("no password for role " + role.name());
                }
                if (!roleExists(vigil, role.name())) {
                    st.execute("CREATE ROLE " + ident(role.name()) + " LOGIN");
                }
                st.execute("ALTER ROLE " + ident(role.name())
                        + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
                        + literal(password));
                // Unqualified names in the service's SQL resolve in its own schema.
                st.execute("ALTER ROLE " + ident(role.name()) + " IN DATABASE " + ident(database)
                        + " SET search_path TO " + ident(role.schema()));
            }
            // Nobody may connect or create anything unless granted here: PUBLIC is every role.
            st.execute("REVOKE ALL ON DATABASE " + ident(database) + " FROM PUBLIC");
            st.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            for (Role role : ALL) {
                st.execute("GRANT CONNECT ON DATABASE " + ident(database) + " TO " + ident(role.name()));
                st.execute("CREATE SCHEMA IF NOT EXISTS " + ident(role.schema()) + " AUTHORIZATION " + ident(role.name()));
                st.execute("ALTER SCHEMA " + ident(role.schema()) + " OWNER TO " + ident(role.name()));
                reassign(vigil, st, role);
            }
        }
    }

    /**
     * Hands every table, view and sequence in the role's schema (the Flyway history included) to the
     * role. Tables first: that moves their identity and serial sequences along, which cannot be
     * moved on their own; then whatever sequence is left.
     */
    private static void reassign(Connection c, Statement st, Role role) throws SQLException {
        for (boolean sequences : new boolean[] {false, true}) {
            for (String[] relation : notOwned(c, role, sequences)) {
                String kind = switch (relation[1]) {
                    case "v" -> "VIEW";
                    case "m" -> "MATERIALIZED VIEW";
                    case "f" -> "FOREIGN TABLE";
                    case "S" -> "SEQUENCE";
                    default -> "TABLE";
                };
                st.execute("ALTER " + kind + " " + ident(role.schema()) + "." + ident(relation[0])
                        + " OWNER TO " + ident(role.name()));
            }
        }
    }

    private static List<String[]> notOwned(Connection c, Role role, boolean sequences) throws SQLException {
        String sql = "SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND pg_get_userbyid(c.relowner) <> ? AND c.relkind "
                + (sequences ? "= 'S'" : "IN ('r', 'p', 'v', 'm', 'f')");
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, role.schema());
            ps.setString(2, role.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return found;
    }

    private static boolean roleExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        if (text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a backslash in a password is not supported");
        }
        return "'" + text.replace("'", "''") + "'";
    }
}
