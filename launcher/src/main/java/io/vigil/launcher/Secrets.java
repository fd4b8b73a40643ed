package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Generated secrets of one Vigil home under {@code .vigil/secrets/} (directory 0700, files 0600):
 * created once, the same on every later run. Never printed, never logged.
 */
public final class Secrets {

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public Secrets(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    public boolean exists(String name) {
        return Files.isRegularFile(file(name));
    }

    /** The password called {@code name}: 32 random bytes, base64url, generated on first use. */
    public String password(String name) throws IOException {
        prepareDir();
        Path file = file(name);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            // base64url without padding: no quote, backslash or colon, so it is safe in SQL literals and pgpass lines.
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                writePrivate(file, generated + "\n", false);
            } catch (FileAlreadyExistsException e) {
                // another launcher created it first: use theirs
            }
        }
        Files.setPosixFilePermissions(file, FILE);
        String password = Files.readString(file).strip();
        if (password.isEmpty()) {
            throw new LauncherException(file + " is empty; delete it and run again to generate a new password");
        }
        return password;
    }

    /** Writes {@code content} readable by its owner only from the first byte; replaces an existing file when asked. */
    public Path writePrivate(String name, String content) throws IOException {
        prepareDir();
        Path file = dir.resolve(name);
        writePrivate(file, content, true);
        return file;
    }

    private void writePrivate(Path file, String content, boolean replace) throws IOException {
        Path tmp = Files.createTempFile(dir, ".new", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
        try {
            Files.writeString(tmp, content);
            if (replace) {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                // A hard link fails if the name exists, so two launchers never overwrite each other's password.
                Files.createLink(file, tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void prepareDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        Files.setPosixFilePermissions(dir, DIR);
    }

    private Path file(String name) {
        return dir.resolve(name + ".password");
    }
}
