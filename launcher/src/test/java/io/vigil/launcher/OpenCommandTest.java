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
import java.util.Map;
import java.util.function.Function;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheDashboardUrlWithAnOperatorTokenNamedAfterTheUserInTheFragment() throws Exception {
        run(Map.of("USER", "alice"));

        String url = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(url).startsWith("http://localhost:18080/#token=");
        JwtClaims claims = verify(url.substring(url.indexOf("#token=") + 7));
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator");
        assertThat(claims.getClaimValueAsString("upn")).isEqualTo("alice");
        assertThat(claims.getExpirationTime().getValue())
                .isCloseTo(Instant.now().plus(Duration.ofHours(8)).getEpochSecond(), within(30L));
        // Nothing answers on the port: the user hears why the page may not load.
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is ./vigil up running?");
    }

    @Test
    void roleAndLifetimeCanBeChosenWithinTheTokenLimits() throws Exception {
        run(Map.of("USER", "bob"), "--role", "viewer", "--ttl", "30m");

        String url = out.toString(StandardCharsets.UTF_8).trim();
        JwtClaims claims = verify(url.substring(url.indexOf("#token=") + 7));
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("viewer");
        assertThat(claims.getExpirationTime().getValue())
                .isCloseTo(Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond(), within(30L));
        assertThatThrownBy(() -> run(Map.of(), "--ttl", "48h")).hasMessageContaining("maximum is 24h");
        assertThatThrownBy(() -> run(Map.of(), "--role", "root")).hasMessageContaining("unknown role 'root'");
    }

    @Test
    void aUserNameThatCannotNameAnAcknowledgementFallsBackToTheCliSubject() {
        assertThat(OpenCommand.user(env(Map.of("USER", "carol")))).isEqualTo("carol");
        assertThat(OpenCommand.user(env(Map.of("USER", "<script>")))).isIn(System.getProperty("user.name"), "vigil-cli");
    }

    @Test
    void opensABrowserOnlyUnderAGraphicalSession() {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("mac")) {
            return;
        }
        assertThat(OpenCommand.opener(env(Map.of("PATH", "/usr/bin:/bin")))).isNull();
    }

    private void run(Map<String, String> vars, String... args) throws Exception {
        Function<String, String> env = env(vars);
        VigilHome home = VigilHome.fromEnvironment(dir, name -> null);
        // A port nothing listens on; --print so that no test ever starts a browser.
        Ports ports = Ports.fromEnvironment(name -> name.equals("VIGIL_ALERT_PORT") ? "18080" : null);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--print");
        OpenCommand.run(home, ports, all.iterator(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private JwtClaims verify(String token) throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(VigilHome.fromEnvironment(dir, name -> null).keysDir());
        return new JwtConsumerBuilder().setVerificationKey(keys.publicKey()).setExpectedIssuer("vigil-local")
                .setExpectedAudience("vigil").build().processToClaims(token);
    }

    private static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }
}
