package io.vigil.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The config written on first run: rules for this host's CPU, memory and root disk, checks of Vigil itself, no routes. */
public final class DefaultConfig {

    static final String RESOURCE = "/default-vigil.yaml";

    private DefaultConfig() {
    }

    /** Writes the default to {@code file} unless it exists; returns whether it wrote. */
    public static boolean createIfMissing(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text());
        return true;
    }

    public static String text() throws IOException {
        try (InputStream in = DefaultConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the launcher jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
