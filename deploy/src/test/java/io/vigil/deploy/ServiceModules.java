package io.vigil.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Vigil services as the build knows them, which every deployment (compose, Kubernetes,
 * systemd) must hold: a module is a service when its application.properties has a
 * {@code quarkus.http.port}. Read from the source tree, so a new service cannot be forgotten.
 */
final class ServiceModules {

    /**
     * @param stores it has a datasource (a PostgreSQL role and schema of its own)
     * @param schema its Flyway schema, empty when it stores nothing
     * @param oidc it has an API behind OIDC
     */
    record Module(String name, String port, boolean stores, String schema, boolean oidc) {
    }

    private ServiceModules() {
    }

    /** The service modules under {@code root}, by name. */
    static List<Module> list(Path root) throws IOException {
        List<Module> modules = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve("src/main/resources/application.properties");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                String port = p.getProperty("quarkus.http.port");
                if (port != null) {
                    modules.add(new Module(dir.getFileName().toString(), port.trim(),
                            p.getProperty("quarkus.datasource.db-kind") != null,
                            p.getProperty("quarkus.flyway.schemas", "").trim(),
                            p.getProperty("quarkus.oidc.application-type") != null));
                }
            }
        }
        return modules;
    }

    /** The topic names of {@code events/.../Topics.java} (its {@code public static final String} constants). */
    static List<String> topics(Path root) throws IOException {
        String source = Files.readString(root.resolve("events/src/main/java/io/vigil/events/Topics.java"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("public static final String \\w+ = \"([^\"]+)\";")
                .matcher(source);
        List<String> topics = new ArrayList<>();
        while (m.find()) {
            topics.add(m.group(1));
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException("no topic constants in " + root.resolve("events/src/main/java/io/vigil/events/Topics.java"));
        }
        return topics;
    }
}
