package io.vigil.health.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.HeartbeatCheck;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeartbeatTokensTest {

    @Test
    void aTokenIsUrlSafeBase64WithoutPadding() {
        String token = HeartbeatTokens.generate();

        assertThat(token).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void aTokenCarriesAtLeast128RandomBits() {
        byte[] decoded = Base64.getUrlDecoder().decode(HeartbeatTokens.generate());

        assertThat(decoded.length * 8).isGreaterThanOrEqualTo(128);
    }

    @Test
    void aTokenIsLongEnoughForTheConfigRule() {
        assertThat(HeartbeatTokens.generate().length()).isGreaterThanOrEqualTo(HeartbeatCheck.MIN_TOKEN_LENGTH);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.add(HeartbeatTokens.generate());
        }

        assertThat(tokens).hasSize(10_000);
    }

    @Test
    void theSameTokenMatches() {
        String token = HeartbeatTokens.generate();

        assertThat(HeartbeatTokens.sameToken(token, new String(token.toCharArray()))).isTrue();
    }

    @Test
    void aDifferentTokenDoesNotMatch() {
        assertThat(HeartbeatTokens.sameToken(HeartbeatTokens.generate(), HeartbeatTokens.generate())).isFalse();
    }

    @Test
    void aPrefixOrAnotherCaseDoesNotMatch() {
        String token = "AbCdEfGhIjKlMnOpQrStUv";

        assertThat(HeartbeatTokens.sameToken(token, token.substring(0, 10))).isFalse();
        assertThat(HeartbeatTokens.sameToken(token, token + "x")).isFalse();
        assertThat(HeartbeatTokens.sameToken(token, token.toLowerCase())).isFalse();
    }

    @Test
    void nullNeverMatches() {
        assertThat(HeartbeatTokens.sameToken(null, null)).isFalse();
        assertThat(HeartbeatTokens.sameToken("x", null)).isFalse();
        assertThat(HeartbeatTokens.sameToken(null, "x")).isFalse();
    }
}
