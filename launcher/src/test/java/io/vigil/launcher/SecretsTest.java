package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordIsGeneratedOnceAndTheSameOnEveryLaterRun() throws Exception {
        Secrets secrets = new Secrets(dir.resolve("secrets"));

        String first = secrets.password("postgres-vigil_alert");
        String again = new Secrets(dir.resolve("secrets")).password("postgres-vigil_alert");

        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(again).isEqualTo(first);
        assertThat(secrets.password("postgres-vigil_notifier")).isNotEqualTo(first);
    }

    @Test
    void theDirectoryAndFilesAreTheOwnersAlone() throws Exception {
        Path secretsDir = dir.resolve("secrets");
        Secrets secrets = new Secrets(secretsDir);

        secrets.password("a");
        Path written = secrets.writePrivate("pgpass", "x\n");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir.resolve("a.password"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        try (var files = Files.list(secretsDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.password", "pgpass");
        }
    }

    @Test
    void looserPermissionsLeftByHandAreTightenedAgain() throws Exception {
        Path secretsDir = dir.resolve("secrets");
        Secrets secrets = new Secrets(secretsDir);
        String password = secrets.password("a");
        Files.setPosixFilePermissions(secretsDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(secretsDir.resolve("a.password"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(secrets.password("a")).isEqualTo(password);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir.resolve("a.password"))))
                .isEqualTo("rw-------");
    }
}
