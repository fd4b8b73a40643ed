package io.vigil.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * PostgreSQL from the zonky binaries artifact, keeping its data directory between runs. Every TCP
 * connection proves a password (SCRAM): the superuser's and each service role's are generated once
 * under {@code .vigil/secrets/}; the services log in as their own roles ({@link DatabaseRoles}).
 * PostgreSQL itself refuses to run as root; on the Vigil build machines zonky's start-up works as
 * root anyway.
 */
public final class PostgresServer implements Managed {

    public static final String USER = "postgres";
    public static final String DATABASE = "vigil";
    /** The superuser's password under {@code .vigil/secrets/}. */
    static final String SUPERUSER_SECRET = "postgres-superuser";
    static final String PGPASS = "pgpass";

    private final EmbeddedPostgres postgres;
    private final ProcessHandle postmaster;
    private final String superuserPassword;

    private PostgresServer(EmbeddedPostgres postgres, ProcessHandle postmaster, String superuserPassword) {
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.superuserPassword = superuserPassword;
    }

    /**
     * Starts the server on {@code port}, initialising {@code dataDir} on first use, creates database
     * {@code vigil} and the services' roles, and from then on requires passwords.
     */
    public static PostgresServer start(Path dataDir, int port, Path log, Secrets secrets) throws IOException {
        clearStalePidFile(dataDir);
        boolean newSuperuserPassword = !secrets.exists(SUPERUSER_SECRET);
        String superuser = secrets.password(SUPERUSER_SECRET);
        // zonky checks readiness over JDBC as postgres without a password; pgjdbc then looks in this pgpass file.
        Path pgpass = secrets.writePrivate(PGPASS, "127.0.0.1:" + port + ":*:" + USER + ":" + superuser + "\n"
                + "localhost:" + port + ":*:" + USER + ":" + superuser + "\n");
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        if (newSuperuserPassword && Files.exists(dataDir.resolve("PG_VERSION"))) {
            // An existing cluster with a password we no longer know (secrets deleted) or none at all
            // (an older version): trust once, then set the new one below.
            Files.writeString(dataDir.resolve("pg_hba.conf"), trustingHbaConf());
        }
        EmbeddedPostgres pg;
        try {
            pg = builder(dataDir, port, log).start();
        } catch (IOException | IllegalStateException e) {
            throw new LauncherException(startFailure(e, log), e);
        }
        return attach(pg, dataDir, superuser, secrets);
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port, Path log) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky passes -F (fsync off), fine for throw-away test data but not for data kept between runs.
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** PostgreSQL refuses to run as root on most systems; zonky runs it as the current user. */
    private static String startFailure(Exception e, Path log) {
        boolean root = LogTail.lastLines(log, 40).stream().anyMatch(l -> l.contains("cannot be run as root"));
        return root
                ? "PostgreSQL refuses to run as root here; run ./vigil as an ordinary user (see " + log + ")"
                : "PostgreSQL did not start: " + e.getMessage() + "; see " + log;
    }

    private static PostgresServer attach(EmbeddedPostgres pg, Path dataDir, String superuser, Secrets secrets)
            throws IOException {
        Optional<ProcessHandle> postmaster = postmasterPid(dataDir).flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) {
            pg.close();
            throw new LauncherException("PostgreSQL started but wrote no postmaster.pid in " + dataDir);
        }
        PostgresServer server = new PostgresServer(pg, postmaster.get(), superuser);
        try {
            server.createDatabase();
            server.secure(dataDir, secrets);
        } catch (RuntimeException | IOException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** Passwords in sync with the secrets, the services' roles in place, then pg_hba.conf requiring passwords. */
    private void secure(Path dataDir, Secrets secrets) throws IOException {
        Map<DatabaseRoles.Role, String> passwords = new LinkedHashMap<>();
        for (DatabaseRoles.Role role : DatabaseRoles.ALL) {
            passwords.put(role, secrets.password(role.secret()));
        }
        try (Connection c = connect(DATABASE); Statement st = c.createStatement()) {
            st.execute("SET log_min_error_statement = panic"); // never log a statement that carries a password
            st.execute("ALTER ROLE " + USER + " PASSWORD " + DatabaseRoles.literal(superuserPassword));
            DatabaseRoles.provision(c, DATABASE, passwords);
            Files.writeString(dataDir.resolve("pg_hba.conf"), hbaConf());
            try (ResultSet rs = st.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
        } catch (SQLException e) {
            throw new LauncherException("cannot set up the database roles: " + e.getMessage(), e);
        }
    }

    /**
     * Who may connect, how: every TCP connection proves its password with SCRAM; the services' roles
     * reach only the Vigil database; the Unix socket (pg_ctl's own checks) asks for a password too.
     */
    static String hbaConf() {
        String roles = DatabaseRoles.ALL.stream().map(DatabaseRoles.Role::name).collect(Collectors.joining(","));
        return """
                # Written by ./vigil up on every start; edits here are lost.
                # TYPE  DATABASE  USER  ADDRESS  METHOD
                host    %s  %s  127.0.0.1/32  scram-sha-256
                host    all  %s  127.0.0.1/32  scram-sha-256
                host    all  all  127.0.0.1/32  reject
                host    all  all  ::1/128  reject
                local   all  all  scram-sha-256
                """.formatted(DATABASE, roles, USER);
    }

    private static String trustingHbaConf() {
        return """
                # Written by ./vigil up for one start, until the new passwords are set.
                host    all  all  127.0.0.1/32  trust
                host    all  all  ::1/128  trust
                local   all  all  trust
                """;
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, USER,
                superuserPassword);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean needsPidFile() {
        return false; // clearStalePidFile() deals with a postmaster a killed run left behind
    }

    @Override
    public CompletableFuture<?> exited() {
        return postmaster.onExit();
    }

    @Override
    public List<ProcessHandle> processes() {
        return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Override
    public void stop() {
        try {
            postgres.close(); // pg_ctl stop -m fast, waits for the postmaster to exit
        } catch (IOException e) {
            System.err.println("pg_ctl stop failed (" + e.getMessage() + "); terminating the postmaster");
        }
        if (postmaster.isAlive()) {
            postmaster.destroy();
            try {
                postmaster.onExit().get(ChildProcess.GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                postmaster.destroyForcibly();
            }
        }
    }

    private void createDatabase() {
        try (Connection c = connect("postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new LauncherException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run that was killed leaves {@code postmaster.pid} behind. PostgreSQL ignores it only when
     * its pid is dead; in containers pids are reused, so any live process that is not a postgres
     * makes it refuse. A live postgres on our data dir is an orphan of a killed launcher (the
     * caller holds the home lock, so no other launcher owns it): stop it.
     */
    static void clearStalePidFile(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(pid.get()).filter(p -> servesDataDir(p, dataDir));
        if (holder.isPresent()) {
            ProcessHandle orphan = holder.get();
            System.out.println("  stopping PostgreSQL left running by an earlier run (pid " + orphan.pid() + ")");
            orphan.destroy();
            try {
                orphan.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                orphan.destroyForcibly();
                orphan.onExit().join();
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** The postmaster chdirs into its data directory; a reused pid of anything else does not. */
    private static boolean servesDataDir(ProcessHandle p, Path dataDir) {
        try {
            boolean postgres = p.info().command()
                    .map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(false);
            return postgres && Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                    .equals(dataDir.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Optional<Long> postmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
