package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one Vigil installation keeps its data: {@code .vigil/} under the repository root, or the
 * directory named by {@code VIGIL_HOME} (tests, or several installations side by side).
 *
 * @param root the repository root, where the service jars are built
 * @param dir the data directory
 */
public record VigilHome(Path root, Path dir) {

    public VigilHome {
        root = root.toAbsolutePath().normalize();
        dir = dir.toAbsolutePath().normalize();
    }

    public VigilHome(Path root) {
        this(root, root.resolve(".vigil"));
    }

    /** The home for {@code root}, moved to {@code VIGIL_HOME} when that variable is set. */
    public static VigilHome fromEnvironment(Path root, java.util.function.Function<String, String> env) {
        String home = env.apply("VIGIL_HOME");
        return home == null || home.isBlank() ? new VigilHome(root) : new VigilHome(root, Path.of(home));
    }

    public Path kafkaDir() {
        return dir().resolve("kafka");
    }

    public Path postgresDataDir() {
        return dir().resolve("postgres").resolve("data");
    }

    public Path keysDir() {
        return dir().resolve("keys");
    }

    /** Generated passwords (0700; see {@link Secrets}). */
    public Path secretsDir() {
        return dir().resolve("secrets");
    }

    public Path logsDir() {
        return dir().resolve("logs");
    }

    public Path log(String name) {
        return logsDir().resolve(name + ".log");
    }

    /** Pids of the running children, for cleaning up after a killed launcher. */
    public Path runDir() {
        return dir().resolve("run");
    }

    /** The config used when {@code up} is given no {@code --config}. */
    public Path defaultConfig() {
        return dir().resolve("vigil.yaml");
    }

    /** Creates the directories every component writes to. */
    public VigilHome prepare() throws IOException {
        for (Path p : new Path[] {kafkaDir(), postgresDataDir().getParent(), keysDir(), logsDir()}) {
            Files.createDirectories(p);
        }
        return this;
    }
}
