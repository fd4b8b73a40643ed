package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.deploy.Commands.Result;
import io.vigil.deploy.ServiceModules.Module;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml checked offline (issue 12, acceptance 1): Debian's docker-compose validates
 * and resolves it, and the resolved file is held against the modules, so a new service, topic or
 * storing role cannot be forgotten. No Docker engine is needed or used.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final String ENV_EXAMPLE = ".env.example";
    private static final String CONFIG_MOUNT = "/etc/vigil/vigil.yaml";

    @Test
    void configIsValidWithTheExampleEnvironment() {
        Result result = compose("--env-file", ENV_EXAMPLE, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exit()).as("docker-compose config -q failed:\n%s", result.stderr()).isZero();
    }

    @Test
    void configIsValidWithEveryProfile() {
        Result result = compose("--env-file", ENV_EXAMPLE, "-f", "docker-compose.yml",
                "--profile", "mattermost", "--profile", "observability", "config", "-q");
        assertThat(result.exit()).as("docker-compose config -q with both profiles failed:\n%s", result.stderr()).isZero();
    }

    @Test
    void refusesToStartWithoutTheSecrets() throws IOException {
        Path empty = Files.createTempFile("vigil-empty", ".env");
        try {
            Result result = compose("--env-file", empty.toString(), "-f", "docker-compose.yml", "config", "-q");
            assertThat(result.exit()).as("config without secrets must fail").isNotZero();
            assertThat(result.stderr()).contains("in .env");
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Test
    void everyServiceModuleIsAComposeServiceReadyChecked() throws IOException {
        Map<String, Object> services = resolvedServices();
        List<Module> modules = serviceModules();
        assertThat(modules).as("service modules under %s", ROOT).isNotEmpty();
        for (Module module : modules) {
            assertThat(services).as("compose services").containsKey(module.name());
            Map<String, Object> service = map(services.get(module.name()));
            Map<String, Object> env = map(service.get("environment"));
            String what = module.name() + " in docker-compose.yml";

            assertThat(env.get("QUARKUS_HTTP_PORT")).as(what + ": QUARKUS_HTTP_PORT").hasToString(module.port());
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test")))
                    .as(what + ": healthcheck").contains("/q/health/ready");
            assertThat(service.get("restart")).as(what + ": restart").isIn("unless-stopped", "always");
            assertThat(service.get("mem_limit")).as(what + ": mem_limit").isNotNull();
            // The build's image (ContainerImagesIT checks its flags and user); nothing overrides its flags.
            assertThat(service.get("image")).as(what + ": image").hasToString("vigil/" + module.name() + ":" + System.getProperty("vigil.version", "0.1.0-SNAPSHOT"));
            assertThat(env).as(what + ": JVM flags come from the image").doesNotContainKey("JDK_JAVA_OPTIONS");
            assertThat(service.get("read_only")).as(what + ": read_only").isEqualTo(true);
            assertThat(String.valueOf(service.get("tmpfs"))).as(what + ": tmpfs").contains("/tmp");
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test")))
                    .as(what + ": the image's probe (no shell there)").contains("io.vigil.images.Probe").doesNotContain("bash");

            assertThat(env.get("VIGIL_CONFIG_FILE")).as(what + ": VIGIL_CONFIG_FILE").isEqualTo(CONFIG_MOUNT);
            assertThat(volumes(service)).as(what + ": volumes")
                    .anyMatch(v -> v.endsWith(":" + CONFIG_MOUNT + ":ro"))
                    .noneMatch(v -> v.contains("quarkus-app"));

            Map<String, Object> dependsOn = map(service.get("depends_on"));
            assertCondition(what, dependsOn, "kafka", "service_healthy");
            assertCondition(what, dependsOn, "kafka-topics", "service_completed_successfully");
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as(what + ": KAFKA_BOOTSTRAP_SERVERS").isEqualTo("kafka:9092");
            if (module.stores()) {
                assertCondition(what, dependsOn, "postgres", "service_healthy");
                assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).as(what + ": database role")
                        .isNotNull().isNotEqualTo("postgres");
                assertThat(env).as(what).containsKeys("QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_PASSWORD");
            }
            if (module.oidc()) {
                assertCondition(what, dependsOn, "keycloak", "service_healthy");
                assertThat(env).as(what).containsKeys("QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_JWKS_PATH");
            }
        }
    }

    @Test
    void theInitScriptCreatesEachStoringServicesRoleAndSchema() throws IOException {
        String script = Files.readString(ROOT.resolve("deploy/postgres/10-vigil-roles.sh"));
        Map<String, Object> services = resolvedServices();
        for (Module module : serviceModules()) {
            if (!module.stores()) {
                continue;
            }
            String role = String.valueOf(map(map(services.get(module.name())).get("environment"))
                    .get("QUARKUS_DATASOURCE_USERNAME"));
            assertThat(script).as("deploy/postgres/10-vigil-roles.sh for " + module.name())
                    .contains("CREATE ROLE " + role + " LOGIN NOSUPERUSER")
                    .contains("CREATE SCHEMA \"" + module.schema() + "\" AUTHORIZATION " + role);
        }
    }

    @Test
    void theTopicsInitCreatesEveryTopic() throws IOException {
        String topics = String.valueOf(map(map(resolvedServices().get("kafka-topics")).get("environment")).get("VIGIL_TOPICS"));
        assertThat(List.of(topics.trim().split("\\s+")))
                .as("kafka-topics VIGIL_TOPICS against events Topics.java")
                .containsExactlyInAnyOrderElementsOf(topicConstants());
    }

    @Test
    void prometheusScrapesEveryService() throws IOException {
        String scrape = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        assertThat(scrape).contains("metrics_path: /q/metrics");
        for (Module module : serviceModules()) {
            assertThat(scrape).as("deploy/prometheus/prometheus.yml targets").contains(module.name() + ":" + module.port());
        }
    }

    @Test
    void noSecretIsWrittenInTheComposeFileOrTheRealm() throws IOException {
        // A value of a key that names a password or secret must come from the environment.
        Pattern secretKey = Pattern.compile("^\\s*(?:- )?\"?([A-Za-z_]*(?:PASSWORD|SECRET)[A-Za-z_]*)\"?\\s*[:=]\\s*(.*)$",
                Pattern.CASE_INSENSITIVE);
        for (String line : Files.readAllLines(ROOT.resolve("docker-compose.yml"))) {
            Matcher m = secretKey.matcher(line);
            if (m.matches() && !line.trim().startsWith("#")) {
                assertThat(m.group(2).trim()).as("docker-compose.yml: %s", line.trim()).startsWith("${");
            }
        }
        String realm = Files.readString(ROOT.resolve("deploy/keycloak/vigil-realm.json"));
        Matcher values = Pattern.compile("\"(?:value|secret)\"\\s*:\\s*\"([^\"]*)\"").matcher(realm);
        int found = 0;
        while (values.find()) {
            found++;
            assertThat(values.group(1)).as("deploy/keycloak/vigil-realm.json credential").startsWith("${");
        }
        assertThat(found).as("credentials in the realm file").isPositive();
    }

    @Test
    void dotEnvIsIgnoredAndTheExampleHoldsOnlyPlaceholders() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).map(String::trim).contains(".env");
        Properties example = new Properties();
        example.load(new StringReader(Files.readString(ROOT.resolve(ENV_EXAMPLE))));
        example.forEach((key, value) -> {
            if (key.toString().matches(".*(PASSWORD|SECRET).*")) {
                assertThat(value.toString()).as(ENV_EXAMPLE + ": " + key).startsWith("change-me");
            }
        });
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static List<Module> serviceModules() throws IOException {
        return ServiceModules.list(ROOT);
    }

    private static List<String> topicConstants() throws IOException {
        return ServiceModules.topics(ROOT);
    }

    private static void assertCondition(String what, Map<String, Object> dependsOn, String service, String condition) {
        assertThat(dependsOn).as(what + ": depends_on").containsKey(service);
        assertThat(map(dependsOn.get(service)).get("condition")).as(what + ": depends_on " + service)
                .isEqualTo(condition);
    }

    /** Volumes as docker-compose config prints them (source:target[:ro]), long syntax included. */
    private static List<String> volumes(Map<String, Object> service) {
        List<String> out = new ArrayList<>();
        Object list = service.get("volumes");
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> v) {
                    out.add(v.get("source") + ":" + v.get("target")
                            + (Boolean.TRUE.equals(v.get("read_only")) ? ":ro" : ""));
                } else {
                    out.add(String.valueOf(item));
                }
            }
        }
        return out;
    }

    /** The services of the resolved file, every profile's included. */
    private static Map<String, Object> resolvedServices() throws IOException {
        Result result = compose("--env-file", ENV_EXAMPLE, "-f", "docker-compose.yml",
                "--profile", "mattermost", "--profile", "observability", "config");
        assertThat(result.exit()).as("docker-compose config failed:\n%s", result.stderr()).isZero();
        Map<String, Object> file = map(new ObjectMapper(new YAMLFactory()).readValue(result.stdout(), Map.class));
        return map(file.get("services"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    /** Runs docker-compose in the repository root with no variable of the shell shadowing the env file. */
    private static Result compose(String... args) {
        String executable = findDockerCompose();
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        // docker-compose prefers the shell's variables over the env file's.
        pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_") || k.startsWith("POSTGRES_")
                || k.startsWith("KEYCLOAK_") || k.startsWith("GRAFANA_") || k.startsWith("COMPOSE_"));
        return Commands.run(pb, Duration.ofSeconds(120));
    }

    /** A missing docker-compose fails the build: skipping would let a broken file through. */
    private static String findDockerCompose() {
        return Commands.onPath("docker-compose", "install Debian's docker-compose"
                + " (apt-get install docker-compose; .ci/run does) to validate docker-compose.yml offline");
    }

}
