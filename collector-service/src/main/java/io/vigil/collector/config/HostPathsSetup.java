package io.vigil.collector.config;

import io.vigil.collector.sampling.HostPaths;
import io.vigil.config.CollectorConfig;
import io.vigil.config.ConfigException;
import io.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which {@link HostPaths} the collector samples: {@code collector.procfs}, {@code collector.sysfs}
 * and {@code collector.rootfs} of the file, each overridden by its {@code VIGIL_COLLECTOR_*}
 * variable. A path that is relative or no directory fails start-up naming its field: a collector
 * that quietly read its own container's {@code /proc} instead would publish the wrong host's numbers.
 */
public final class HostPathsSetup {

    private HostPathsSetup() {
    }

    /**
     * @param loaded the file's {@code collector:} section, empty without a file
     * @param overrides {@code procfs}, {@code sysfs} or {@code rootfs} to its override, if set
     */
    public static HostPaths from(Optional<VigilConfig> loaded, Function<String, Optional<String>> overrides) {
        CollectorConfig collector = loaded.map(VigilConfig::collector).orElseGet(CollectorConfig::defaults);
        return new HostPaths(directory("procfs", collector.procfs(), overrides),
                directory("sysfs", collector.sysfs(), overrides),
                directory("rootfs", collector.rootfs(), overrides));
    }

    /** The settings' overrides: {@code VIGIL_COLLECTOR_PROCFS} and the others. */
    public static Function<String, Optional<String>> overrides(VigilSettings.Collector settings) {
        return key -> {
            Optional<String> value = switch (key) {
                case "procfs" -> settings.procfs();
                case "sysfs" -> settings.sysfs();
                case "rootfs" -> settings.rootfs();
                default -> Optional.empty();
            };
            return value.filter(v -> !v.isBlank());
        };
    }

    private static Path directory(String key, String fromFile, Function<String, Optional<String>> overrides) {
        Optional<String> override = overrides.apply(key);
        String field = override.isPresent() ? variable(key) + " (over collector." + key + ")" : "collector." + key;
        String value = override.orElse(fromFile);
        if (!value.startsWith("/")) {
            throw new ConfigException(field + ": must be an absolute path (starting with /), got '" + value + "'");
        }
        Path path = Path.of(value);
        if (!Files.isDirectory(path)) {
            throw new ConfigException(field + ": " + value + " is not a directory (the host's "
                    + ("rootfs".equals(key) ? "/" : "/" + key.substring(0, key.length() - 2)) + " mounted there?)");
        }
        return path;
    }

    private static String variable(String key) {
        return "VIGIL_COLLECTOR_" + key.toUpperCase(Locale.ROOT);
    }
}
