package io.vigil.e2e;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.test.EmbeddedKafka;
import io.vigil.test.EmbeddedPostgresServer;
import io.vigil.test.KafkaResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What e2e tests of the packaged alert-service run on: a real Kafka broker with every topic, a real
 * PostgreSQL, a config file with the test's rules, and the environment a service needs. Closes
 * every service it started, then the servers.
 */
final class AlertServiceStack implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final String database;
    private final KafkaCompanion companion;
    private final Map<String, String> env;
    private final List<ServiceProcess> services = new ArrayList<>();

    private AlertServiceStack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String database,
            Map<String, String> env) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.database = database;
        this.companion = new KafkaCompanion(kafka.bootstrapServers());
        this.env = env;
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
        // Nobody calls the API here; the service only needs a key to start with.
        env.put("QUARKUS_OIDC_PUBLIC_KEY", newPublicKey());
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-e2e");
        return new AlertServiceStack(kafka, postgres, database, env);
    }

    /** Starts a packaged alert-service logging into {@code logDir}; it is stopped on close. */
    ServiceProcess startAlertService(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        ServiceProcess service = ServiceProcess.start("alert-service", env, logDir);
        services.add(service);
        return service;
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

    private static String newPublicKey() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
