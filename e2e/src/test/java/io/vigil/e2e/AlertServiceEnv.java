package io.vigil.e2e;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The environment a packaged alert-service needs in a test: Kafka, PostgreSQL, the config file, and a token key of its own. */
final class AlertServiceEnv {

    private AlertServiceEnv() {
    }

    static Map<String, String> of(String kafkaBootstrap, Map<String, String> datasource, Path config) {
        Map<String, String> env = new HashMap<>(datasource);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("VIGIL_CONFIG_FILE", config.toString());
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            // Nobody calls the API here; the service only needs a key to start with.
            env.put("QUARKUS_OIDC_PUBLIC_KEY",
                    Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-e2e");
        return env;
    }
}
