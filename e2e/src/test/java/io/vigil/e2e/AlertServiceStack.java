package io.vigil.e2e;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What e2e tests of the packaged alert-service run on: a real Kafka broker with every topic, a real
 * PostgreSQL, a config file with the test's rules, and the environment a service needs. Closes
 * every service it started, then the servers. The services trust a signing key of the stack's own,
 * so a test can call the REST API with {@link #token}.
 */
final class AlertServiceStack implements AutoCloseable {

    static final String ISSUER = "vigil-e2e";
    /** The audience the alert-service requires (quarkus.oidc.token.audience). */
    static final String AUDIENCE = "vigil";

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final String database;
    private final KafkaCompanion companion;
    private final Map<String, String> env;
    private final KeyPair keys;
    private final List<ServiceProcess> services = new ArrayList<>();

    private AlertServiceStack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String database,
            Map<String, String> env, KeyPair keys) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.database = database;
        this.companion = new KafkaCompanion(kafka.bootstrapServers());
        this.env = env;
        this.keys = keys;
    }

    /**
     * @param rulesYaml the config file's text
     * @param metricsPartitions partitions of every topic (several instances need several)
     * @param restartablePostgres whether the test stops and restarts PostgreSQL
     */
    static AlertServiceStack start(Path dir, String rulesYaml, int metricsPartitions, boolean restartablePostgres)
            throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaResource.createTopics(kafka.bootstrapServers(), Topics.ALL, metricsPartitions);
        EmbeddedPostgresServer postgres = restartablePostgres ? EmbeddedPostgresServer.startRestartable()
                : EmbeddedPostgresServer.start();
        String database = postgres.createDatabase("vigil");
        Path config = Files.writeString(dir.resolve("vigil.yaml"), rulesYaml);
        Map<String, String> env = new HashMap<>(postgres.datasourceEnvironment(database));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("VIGIL_CONFIG_FILE", config.toString());
        KeyPair keys = newKeyPair();
        env.put("QUARKUS_OIDC_PUBLIC_KEY", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", ISSUER);
        return new AlertServiceStack(kafka, postgres, database, env, keys);
    }

    /** Starts a packaged alert-service logging into {@code logDir}; it is stopped on close. */
    ServiceProcess startAlertService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        ServiceProcess service = ServiceProcess.start("alert-service", env, logDir);
        services.add(service);
        return service;
    }

    /** Starts a packaged alert-service on {@code port} (a restart keeps the address browsers use); stopped on close. */
    ServiceProcess startAlertService(Path logDir, int port) throws IOException {
        Files.createDirectories(logDir);
        ServiceProcess service = ServiceProcess.start("alert-service", env, logDir, port);
        services.add(service);
        return service;
    }

    /** Starts a packaged notifier-service on the same servers and config file; it is stopped on close. */
    ServiceProcess startNotifierService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        ServiceProcess service = ServiceProcess.start("notifier-service", env, logDir);
        services.add(service);
        return service;
    }

    /**
     * Starts a packaged health-service on the same servers and config file ({@code checks:}); it is
     * stopped on close. Its targets are on loopback, which the SSRF guard refuses unless allowed.
     */
    ServiceProcess startHealthService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Map<String, String> health = new HashMap<>(env);
        health.put("HEALTH_ALLOW_PRIVATE_TARGETS", "true");
        ServiceProcess service = ServiceProcess.start("health-service", health, logDir);
        services.add(service);
        return service;
    }

    /**
     * Starts a packaged domain-service on the same servers and config file ({@code domains:}); it
     * is stopped on close. Its TLS endpoints are on loopback, which the SSRF guard refuses unless allowed.
     */
    ServiceProcess startDomainService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Map<String, String> domain = new HashMap<>(env);
        domain.put("DOMAIN_ALLOW_PRIVATE_TARGETS", "true");
        ServiceProcess service = ServiceProcess.start("domain-service", domain, logDir);
        services.add(service);
        return service;
    }

    /**
     * Starts a packaged collector-service on the same broker and config file ({@code collector:},
     * {@code scrape:}); it is stopped on close. Scraping has no SSRF guard: its targets are the
     * operator's own, on loopback here.
     */
    ServiceProcess startCollectorService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        ServiceProcess service = ServiceProcess.start("collector-service", env, logDir);
        services.add(service);
        return service;
    }

    /**
     * A bearer token the services accept, for {@code user} ({@code preferred_username}, recorded as
     * the actor of what they change) with these roles in the {@code groups} claim.
     */
    String token(String user, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-" + user).preferredUserName(user)
                .groups(Set.of(roles)).expiresIn(Duration.ofMinutes(30)).sign(keys.getPrivate());
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    String database() {
        return database;
    }

    KafkaCompanion companion() {
        return companion;
    }

    /** The services' environment; a test may add settings before starting one. */
    Map<String, String> env() {
        return env;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        companion.close();
        postgres.close();
        kafka.close();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return rsa.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
