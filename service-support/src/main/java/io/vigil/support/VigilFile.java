package io.vigil.support;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How every service reads its sections of {@code vigil.yaml}: the file named by
 * {@code vigil.config-file} (env {@code VIGIL_CONFIG_FILE}), with {@code ${VAR}} resolved through
 * MicroProfile Config, which covers the environment, system properties and {@code .env}.
 */
public final class VigilFile {

    /** The property naming the file. */
    public static final String PROPERTY = "vigil.config-file";

    private VigilFile() {
    }

    /** The file's path, or empty when none is configured. */
    public static Optional<Path> path(Config config) {
        return config.getOptionalValue(PROPERTY, String.class).filter(s -> !s.isBlank()).map(Path::of);
    }

    /**
     * Loads only the given sections, so a service needs none of the variables another service's
     * sections use; empty when no file is configured. A bad file throws the loader's
     * {@link io.vigil.config.ConfigException}, which names the field.
     */
    public static Optional<VigilConfig> load(Config config, ConfigLoader.Section first, ConfigLoader.Section... rest) {
        return path(config).map(file -> ConfigLoader.forSections(first, rest)
                .withEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null))
                .load(file));
    }
}
