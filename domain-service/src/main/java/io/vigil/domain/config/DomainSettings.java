package io.vigil.domain.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The domain-service's settings ({@code domain.*}, or {@code DOMAIN_*} in the environment). */
@ConfigMapping(prefix = "domain")
public interface DomainSettings {

    /** The property that lets TLS endpoints and address sources be loopback or private addresses. */
    String ALLOW_PRIVATE_SETTING = "domain.allow-private-targets";

    /**
     * Whether TLS endpoints and DDNS address sources may be loopback and private addresses (10/8,
     * 172.16/12, 192.168/16, 100.64/10, fc00::/7). Link-local and cloud-metadata addresses are
     * refused whatever this says (DESIGN §6).
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Domain runs in progress at once; runs due beyond it wait their turn. */
    @WithDefault("100")
    int maxInFlight();

    /**
     * The resolver {@code system} means, as {@code ip[:port]}; unset: the machine's own
     * ({@code /etc/resolv.conf}, read by dnsjava).
     */
    Optional<String> systemResolver();

    /**
     * The port the {@code authoritative} resolvers (the domain's NS servers) are asked on. Always
     * 53 in real life; the tests run their authoritative server on a random loopback port.
     */
    @WithDefault("53")
    int authoritativePort();

    /** TLS settings. */
    Tls tls();

    /** DDNS settings. */
    Ddns ddns();

    /** TLS settings. */
    interface Tls {

        /**
         * A certificate expiring within this many days makes the endpoint's finding WARN (the
         * alert-service's domain rule has its own levels for alerts; this is the finding's status).
         */
        @WithDefault("21")
        int warningDays();

        /** Within this many days (or expired) the finding is FAIL. */
        @WithDefault("7")
        int criticalDays();

        /** Connect + STARTTLS + handshake, per endpoint. */
        @WithDefault("10s")
        Duration timeout();

        /** Handshakes in progress at once (each holds a worker thread while it waits). */
        @WithDefault("8")
        int maxConcurrent();
    }

    /** DDNS settings. */
    interface Ddns {

        /** How long the address source (an HTTP endpoint) may take to answer. */
        @WithDefault("10s")
        Duration timeout();
    }
}
