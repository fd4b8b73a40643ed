package io.vigil.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Quarkus service as the launcher runs it: its jar, HTTP port and environment. */
public record ServiceSpec(String name, Path jar, int port, Map<String, String> env) {

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
                        database(ports, DatabaseRoles.ALERT, passwords), oidc),
                spec(repoRoot, "collector-service", ports.collector(), ports, configFile, Map.of(), Map.of()),
                spec(repoRoot, "notifier-service", ports.notifier(), ports, configFile,
                        database(ports, DatabaseRoles.NOTIFIER, passwords), Map.of()),
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
        for (Map<String, String> m : extra) {
            env.putAll(m);
        }
        return new ServiceSpec(name, root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), port, env);
    }

    public List<String> command() {
        // Serial GC: the services' live heap is small (about 25 MB under the 1,000-rule load); G1's
        // own structures cost about 40 MB of RSS more for no gain here (docs/performance.md).
        return List.of(ChildProcess.javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString());
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/q/health/ready";
    }

    public String liveUrl() {
        return "http://127.0.0.1:" + port + "/q/health/live";
    }
}
