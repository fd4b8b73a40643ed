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
}
