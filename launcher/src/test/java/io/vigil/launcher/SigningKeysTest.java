package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void createsTheKeyPairOnceAndLoadsTheSameKeysAfterwards() throws Exception {
        SigningKeys first = SigningKeys.loadOrCreate(dir);
        String pemBefore = Files.readString(dir.resolve(SigningKeys.PRIVATE_FILE));

        SigningKeys second = SigningKeys.loadOrCreate(dir);

        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(second.publicKey().getEncoded()).isEqualTo(first.publicKey().getEncoded());
        assertThat(Files.readString(dir.resolve(SigningKeys.PRIVATE_FILE))).isEqualTo(pemBefore);
    }

    @Test
    void privateKeyIsReadableByItsOwnerOnly() throws Exception {
        SigningKeys.loadOrCreate(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SigningKeys.PRIVATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve(SigningKeys.PRIVATE_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void refusesAPrivateKeyThatGroupOrOthersCanReadAndSaysHowToFixIt() throws Exception {
        SigningKeys.loadOrCreate(dir);
        Path key = dir.resolve(SigningKeys.PRIVATE_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SigningKeys.loadOrCreate(dir))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("chmod 600 " + key);

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> SigningKeys.loadOrCreate(dir)).hasMessageContaining("chmod 600");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertThat(SigningKeys.loadOrCreate(dir).privateKey()).isNotNull();
    }

    @Test
    void publicKeyForTheServicesIsBareBase64OfThePemFile() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir);

        String base64 = keys.publicKeyBase64();

        assertThat(base64).doesNotContain("-----").doesNotContain("\n");
        assertThat(Base64.getDecoder().decode(base64))
                .isEqualTo(SigningKeys.readPublicKey(dir.resolve(SigningKeys.PUBLIC_FILE)).getEncoded());
    }
}
