package io.vigil.launcher;

import io.smallrye.jwt.build.Jwt;
import io.vigil.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Mints bearer tokens for the embedded run; the services read roles from the {@code groups} claim. */
public final class Tokens {

    public static final String ISSUER = "vigil-local";
    /** The {@code aud} claim of every token; the services accept only tokens meant for them ({@code quarkus.oidc.token.audience}). */
    public static final String AUDIENCE = "vigil";
    public static final String SUBJECT = "vigil-cli";
    public static final List<String> ROLES = List.of("viewer", "operator", "admin");
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** A leaked token stays useful until it expires, and there is no revocation: keep that window short. */
    public static final Duration MAX_TTL = Duration.ofHours(24);

    private Tokens() {
    }

    public static String mint(SigningKeys keys, String role, Duration ttl) {
        return mint(keys, role, ttl, SUBJECT);
    }

    /**
     * A token for {@code user}: the services name the caller by its {@code upn}, so an
     * acknowledgement from the dashboard says who took the alert.
     */
    public static String mint(SigningKeys keys, String role, Duration ttl, String user) {
        if (!ROLES.contains(role)) {
            throw new LauncherException("unknown role '" + role + "'; use one of " + String.join(", ", ROLES), 2);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new LauncherException("--ttl must be positive", 2);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new LauncherException("--ttl " + Durations.format(ttl) + " is too long; the maximum is "
                    + MAX_TTL.toHours() + "h (mint a new token when it expires)", 2);
        }
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .upn(user)
                .groups(Set.of(role))
                .expiresIn(ttl)
                .jws()
                .sign(keys.privateKey());
    }
}
