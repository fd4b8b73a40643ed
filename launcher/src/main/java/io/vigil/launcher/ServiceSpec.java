package io.vigil.launcher;

import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Quarkus service as the launcher runs it: its jar, HTTP port and environment. */
public record ServiceSpec(String name, Path jar, int port, Map<String, String> env) {

    /**
     * Every service JVM's flags besides its heap ceiling. Serial GC: the live heap is small (about
     * 25 MB under the 1,000-rule load) and G1's own structures cost about 40 MB of RSS more for no
     * gain here. A 16 MB initial heap: with 23 GB of RAM the default (1/64 of it) committed and
     * touched the whole -Xmx at once; the heap now grows only under load (docs/performance.md).
     */
    public static final List<String> SHARED_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms16m");

    /**
     * glibc gives each thread that mallocs an arena of its own (up to 8 per core); two are plenty for
     * services whose native allocations are small, and take 10-15 MB of RSS off each.
     */
    public static final Map<String, String> JVM_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    /** Written by the Quarkus build beside quarkus-run.jar ({@code quarkus.package.jar.appcds.enabled}). */
    static final String CDS_ARCHIVE = "app-cds.jsa";

    /**
     * The services in start order, configured to find Kafka, PostgreSQL, the config file and the
     * signing key. Each service that stores logs in as its own role with its password from
     * {@code passwords}; none as the superuser.
     */
    public static List<ServiceSpec> all(Path repoRoot, Ports ports, Path configFile, SigningKeys keys,
            Map<DatabaseRoles.Role, String> passwords) {
        Map<String, String> oidc = new HashMap<>();
        oidc.put("QUARKUS_OIDC_PUBLIC_KEY", keys.publicKeyBase64());
        oidc.put("QUARKUS_OIDC_TOKEN_ISSUER", Tokens.ISSUER);
        // With a public key the tokens are verified locally; a server URL from the user's shell would win and fail.
        oidc.put("QUARKUS_OIDC_AUTH_SERVER_URL", null);
        return List.of(
                spec(repoRoot, "alert-service", ports.alert(), ports, configFile,
                        database(ports, DatabaseRoles.ALERT, passwords), oidc, dashboardSources(ports)),
                spec(repoRoot, "collector-service", ports.collector(), ports, configFile, Map.of(), Map.of()),
                spec(repoRoot, "notifier-service", ports.notifier(), ports, configFile,
                        database(ports, DatabaseRoles.NOTIFIER, passwords), oidc),
                spec(repoRoot, "health-service", ports.health(), ports, configFile,
                        database(ports, DatabaseRoles.HEALTH, passwords), oidc, healthChecks(ports)),
                spec(repoRoot, "domain-service", ports.domain(), ports, configFile,
                        database(ports, DatabaseRoles.DOMAIN, passwords), oidc,
                        Map.of("DOMAIN_ALLOW_PRIVATE_TARGETS", "true")));
    }

    /**
     * The embedded run watches its own machine and LAN, which the SSRF guard refuses by default
     * (loopback, private ranges); link-local and metadata addresses stay refused. The ports this run
     * really uses are passed on, so the default config's {@code ${VIGIL_ALERT_PORT:8080}} and
     * {@code ${VIGIL_PG_PORT:15432}} name them even when they came from defaults, not the shell.
     */
    private static Map<String, String> healthChecks(Ports ports) {
        return Map.of(
                "HEALTH_ALLOW_PRIVATE_TARGETS", "true",
                "VIGIL_ALERT_PORT", Integer.toString(ports.alert()),
                "VIGIL_PG_PORT", Integer.toString(ports.postgres()));
    }

    /** The dashboard's Checks and Domains pages read the health- and domain-service through the alert-service. */
    private static Map<String, String> dashboardSources(Ports ports) {
        return Map.of(
                "ALERT_HEALTH_URL", "http://127.0.0.1:" + ports.health(),
                "ALERT_DOMAIN_URL", "http://127.0.0.1:" + ports.domain());
    }

    private static Map<String, String> database(Ports ports, DatabaseRoles.Role role,
            Map<DatabaseRoles.Role, String> passwords) {
        String password = passwords.get(role);
        if (password == null) {
            throw new IllegalArgumentException("no database password for " + role.name());
        }
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + PostgresServer.DATABASE,
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + ports.postgres() + "/" + PostgresServer.DATABASE,
                "QUARKUS_DATASOURCE_USERNAME", role.name(),
                "QUARKUS_DATASOURCE_PASSWORD", password);
    }

    @SafeVarargs
    private static ServiceSpec spec(Path root, String name, int port, Ports ports, Path configFile,
            Map<String, String>... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Local only: the /q endpoints are not authenticated.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", ports.kafkaBootstrap());
        env.put("VIGIL_CONFIG_FILE", configFile.toAbsolutePath().toString());
        env.putAll(JVM_ENV);
        for (Map<String, String> m : extra) {
            env.putAll(m);
        }
        return new ServiceSpec(name, root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), port, env);
    }

    public List<String> command() {
        return command(name, jar);
    }

    /**
     * {@code java <flags> -jar quarkus-run.jar} for a packaged service; run it in
     * {@link #workDir(Path)} (the e2e tests start the services with this too).
     */
    public static List<String> command(String service, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.addAll(jvmFlags(service, workDir(jar)));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * The JVM flags of one service: the shared ones, a heap ceiling for its heaviest measured load,
     * the JIT and, when the build wrote one, the class-data archive in {@code appDir}.
     */
    public static List<String> jvmFlags(String service, Path appDir) {
        List<String> flags = new ArrayList<>(SHARED_JVM_FLAGS);
        flags.add("-Xmx" + maxHeapMb(service) + "m");
        if (!service.equals("alert-service")) {
            // C1 only: with it and the class-data archive a service's start took ~40 % less CPU, and no C2
            // thread compiles for minutes after; these services do little work a second.
            flags.add("-XX:TieredStopAtLevel=1");
        }
        Path archive = appDir.resolve(CDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            // Classes mapped from the archive instead of loaded, verified and parsed at each start. The
            // archive names quarkus-run.jar relative to its directory, hence workDir(). An archive that
            // does not fit (another JDK, a rebuilt jar) is ignored with a warning in the service's log.
            flags.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
        }
        return flags;
    }

    /**
     * The heap ceiling in MB: the alert-service holds 1,000 rules over 50,000 series and the
     * health-service 10,000 checks in their benchmarks (docs/performance.md); the collector keeps
     * one snapshot; the notifier and domain-service hold a queue and a list of domains.
     */
    static int maxHeapMb(String service) {
        return switch (service) {
            case "alert-service", "health-service" -> 256;
            case "collector-service" -> 64;
            default -> 128;
        };
    }

    /** The directory a service runs in: its quarkus-app, where the class-data archive expects it. */
    public static Path workDir(Path jar) {
        return jar.toAbsolutePath().getParent();
    }

    public Path workDir() {
        return workDir(jar);
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/q/health/ready";
    }

    public String liveUrl() {
        return "http://127.0.0.1:" + port + "/q/health/live";
    }
}
