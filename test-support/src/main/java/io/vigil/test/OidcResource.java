package io.vigil.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for tests without an identity server: generates an RSA key, hands its public half
 * to quarkus-oidc ({@code quarkus.oidc.public-key}) and mints tokens with smallrye-jwt-build.
 * Roles go into the {@code groups} claim, as with the embedded run.
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://vigil.test/issuer";
    /** The audience the services require (quarkus.oidc.token.audience). */
    public static final String AUDIENCE = "vigil";

    private static volatile KeyPair keys;

    @Override
    public Map<String, String> start() {
        keys = newKeyPair();
        return Map.of(
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER);
    }

    @Override
    public void stop() {
        // Nothing runs: the key simply goes out of use.
    }

    /** A valid token carrying the given roles. */
    public static String token(String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("test-user").groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(10)).sign(current().getPrivate());
    }

    /** A valid token for a named user ({@code preferred_username}), as an identity server issues them. */
    public static String tokenFor(String username, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-" + username).preferredUserName(username)
                .groups(Set.of(roles)).expiresIn(Duration.ofMinutes(10)).sign(current().getPrivate());
    }

    /**
     * A token that was valid but has expired: issued 20 minutes ago, expired 10 minutes ago (well past
     * any clock-skew allowance).
     */
    public static String expiredToken(String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("test-user").groups(Set.of(roles))
                .issuedAt(now.minus(Duration.ofMinutes(20))).expiresAt(now.minus(Duration.ofMinutes(10)))
                .sign(current().getPrivate());
    }

    /** A valid token for another audience: signed by the trusted key, but not meant for Vigil. */
    public static String tokenForAudience(String audience, String... roles) {
        return Jwt.issuer(ISSUER).audience(audience).subject("test-user").groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(10)).sign(current().getPrivate());
    }

    /** A token with the right shape and roles, signed by a key the application does not trust. */
    public static String tokenSignedByStranger(String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("intruder").groups(Set.of(roles)).expiresIn(Duration.ofMinutes(10))
                .sign(newKeyPair().getPrivate());
    }

    private static KeyPair current() {
        KeyPair k = keys;
        if (k == null) {
            throw new IllegalStateException("OidcResource is not started: annotate the test with @QuarkusTestResource(OidcResource.class)");
        }
        return k;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
