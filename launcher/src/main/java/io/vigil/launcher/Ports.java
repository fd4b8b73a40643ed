package io.vigil.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The TCP ports of one run; each can be moved with an environment variable. */
public record Ports(int postgres, int kafka, int kafkaController, int alert, int collector, int notifier, int health,
        int domain) {

    /** Reads {@code VIGIL_PG_PORT}, {@code VIGIL_KAFKA_PORT}, ... falling back to the documented defaults. */
    public static Ports fromEnvironment(Function<String, String> env) {
        return new Ports(
                port(env, "VIGIL_PG_PORT", 15432),
                port(env, "VIGIL_KAFKA_PORT", 19092),
                port(env, "VIGIL_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "VIGIL_ALERT_PORT", 8080),
                port(env, "VIGIL_COLLECTOR_PORT", 8081),
                port(env, "VIGIL_NOTIFIER_PORT", 8082),
                port(env, "VIGIL_HEALTH_PORT", 8083),
                port(env, "VIGIL_DOMAIN_PORT", 8084));
    }

    /** Every port with what uses it and the variable that moves it, in start order. */
    public Map<Integer, String> described() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(postgres, "PostgreSQL (VIGIL_PG_PORT)");
        m.put(kafka, "Kafka (VIGIL_KAFKA_PORT)");
        m.put(kafkaController, "Kafka controller (VIGIL_KAFKA_CONTROLLER_PORT)");
        m.put(alert, "alert-service (VIGIL_ALERT_PORT)");
        m.put(collector, "collector-service (VIGIL_COLLECTOR_PORT)");
        m.put(notifier, "notifier-service (VIGIL_NOTIFIER_PORT)");
        m.put(health, "health-service (VIGIL_HEALTH_PORT)");
        m.put(domain, "domain-service (VIGIL_DOMAIN_PORT)");
        return m;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafka;
    }

    private static int port(Function<String, String> env, String name, int fallback) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LauncherException(name + "=" + v + " is not a TCP port");
    }
}
