package io.vigil.health.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The health-service's settings ({@code health.*}, or {@code HEALTH_*} in the environment). */
@ConfigMapping(prefix = "health")
public interface HealthSettings {

    /**
     * Whether checks may reach loopback and private addresses (10/8, 172.16/12, 192.168/16,
     * 100.64/10, fc00::/7). Link-local and cloud-metadata addresses are refused whatever this says.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * Check runs in progress at once, all checks together; runs due beyond it wait their turn (the
     * start lag in {@code vigil_check_start_lag_seconds} shows it). Runs wait on sockets, not
     * threads, so this bounds sockets and memory, not CPU.
     */
    @WithDefault("1000")
    int maxInFlight();

    /** Recent results kept per check in PostgreSQL ({@code GET /api/checks/{id}/results}). */
    @WithDefault("50")
    int resultsKept();

    /** How often recent results are written to PostgreSQL, in one batch. */
    @WithDefault("500ms")
    java.time.Duration flushInterval();

    /**
     * Results waiting to be written at most (PostgreSQL down); beyond it the oldest unwritten ones are
     * dropped from the history. Kafka gets every result regardless.
     */
    @WithDefault("100000")
    int maxUnwritten();
}
