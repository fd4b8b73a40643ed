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
import java.util.List;
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
        assertThat(claims.getAudience()).containsExactly(Tokens.AUDIENCE).containsExactly("vigil");
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
    void aTokenIsRefusedByAConsumerThatExpectsAnotherAudience() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir);
        String token = Tokens.mint(keys, "viewer", Duration.ofMinutes(5));

        JwtConsumer otherAudience = new JwtConsumerBuilder().setVerificationKey(keys.publicKey())
                .setExpectedIssuer("vigil-local").setExpectedAudience("grafana").build();

        assertThatThrownBy(() -> otherAudience.processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void tokenCommandDefaultsToOneHour() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VigilHome home = new VigilHome(dir);

        TokenCommand.run(home, List.of("--role", "admin").iterator(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        JwtClaims claims = consumer(SigningKeys.loadOrCreate(home.keysDir()), "vigil-local")
                .processToClaims(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(claims.getExpirationTime().getValue())
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), within(30L));
    }

    @Test
    void acceptsTwentyFourHoursAndRefusesLongerNamingTheMaximum() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir);

        assertThat(Tokens.mint(keys, "viewer", Duration.ofHours(24))).isNotBlank();
        assertThatThrownBy(() -> Tokens.mint(keys, "viewer", Duration.ofHours(24).plusSeconds(1)))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("maximum is 24h");
        assertThatThrownBy(() -> TokenCommand.run(new VigilHome(dir), List.of("--role", "viewer", "--ttl", "2d").iterator(),
                        System.out, System.err))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--ttl 2d is too long; the maximum is 24h");
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
                .setExpectedAudience(Tokens.AUDIENCE)
                .build();
    }
}
