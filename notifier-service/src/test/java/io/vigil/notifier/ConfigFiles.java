package io.vigil.notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The Vigil YAML file of a notifier test resource, in a temp directory of its own, and the timings they share. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes {@code yaml} as {@code vigil.yaml} in a new temp directory and returns the file. */
    static Path write(String prefix, String yaml) {
        try {
            Path file = Files.createTempDirectory(prefix).resolve("vigil.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file {@link #write} made and its directory; a temp dir left behind is harmless. */
    static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException ignored) {
            // Left for the OS to clean.
        }
    }

    /** Short retry timings that keep retries inside a test's patience; the policy itself is unit-tested. */
    static Map<String, String> quickRetries(String requestTimeout) {
        return Map.of("notifier.max-attempts", "4", "notifier.initial-backoff", "20ms", "notifier.max-backoff", "100ms",
                "notifier.request-timeout", requestTimeout);
    }
}
