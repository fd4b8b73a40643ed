package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

    @TempDir
    Path dir;

    @Test
    void mintsATokenSignedByTheKeyWithIssuerGroupsAndExpiry() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir);

        String token = Tokens.mint(keys, "operator", Duration.ofHours(12));

        JwtClaims claims = consumer(keys, "vigil-local").processToClaims(token);
        assertThat(claims.getIssuer()).isEqualTo("vigil-local");
        assertThat(claims.getSubject()).isEqualTo("vigil-cli");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator");
        assertThat(claims.getExpirationTime().getValue())
                .isCloseTo(Instant.now().plus(Duration.ofHours(12)).getEpochSecond(), within(30L));
    }

    @Test
    void aTokenDoesNotVerifyAgainstAnotherKey() throws Exception {
        String token = Tokens.mint(SigningKeys.loadOrCreate(dir.resolve("a")), "admin", Duration.ofMinutes(5));
        SigningKeys other = SigningKeys.loadOrCreate(dir.resolve("b"));

        assertThatThrownBy(() -> consumer(other, "vigil-local").processToClaims(token))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void refusesAnUnknownRole() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir);

        assertThatThrownBy(() -> Tokens.mint(keys, "root", Duration.ofHours(1)))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("viewer, operator, admin");
    }

    @Test
    void tokenCommandPrintsTheTokenAloneOnStdout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        VigilHome home = new VigilHome(dir);

        TokenCommand.run(home, "viewer", Duration.ofHours(1), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout.lines()).hasSize(1);
        String token = stdout.strip();
        SigningKeys keys = SigningKeys.loadOrCreate(home.keysDir());
        assertThat(consumer(keys, "vigil-local").processToClaims(token).getStringListClaimValue("groups"))
                .containsExactly("viewer");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("viewer").doesNotContain(token);
    }

    private static JwtConsumer consumer(SigningKeys keys, String issuer) {
        return new JwtConsumerBuilder()
                .setVerificationKey(keys.publicKey())
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .build();
    }
}
