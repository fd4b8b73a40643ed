package io.vigil.launcher;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Mints bearer tokens for the embedded run; the services read roles from the {@code groups} claim. */
public final class Tokens {

    public static final String ISSUER = "vigil-local";
    public static final String SUBJECT = "vigil-cli";
    public static final List<String> ROLES = List.of("viewer", "operator", "admin");

    private Tokens() {
    }

    public static String mint(SigningKeys keys, String role, Duration ttl) {
        if (!ROLES.contains(role)) {
            throw new LauncherException("unknown role '" + role + "'; use one of " + String.join(", ", ROLES), 2);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new LauncherException("--ttl must be positive", 2);
        }
        return Jwt.issuer(ISSUER)
                .subject(SUBJECT)
                .upn(SUBJECT)
                .groups(Set.of(role))
                .expiresIn(ttl)
                .jws()
                .sign(keys.privateKey());
    }
}
