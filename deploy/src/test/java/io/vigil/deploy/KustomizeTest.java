package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vigil.deploy.ServiceModules.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s checked offline (issue 12, acceptance 2): `kubectl kustomize` renders every overlay,
 * and every rendered object passes two checks, with no cluster and no network.
 *
 * <p><b>Schema check</b> ({@link #everyObjectPassesItsPublishedSchema}): the rendered YAML is piped to
 * {@code deploy/k8s-schema/validate.mjs} (Node.js; Maven runs {@code npm ci} there first), which
 * validates each object against the published schema of its apiVersion/kind: the built-in kinds
 * against Kubernetes' OpenAPI schemas as shipped by the npm package {@code kubernetes-models}, the
 * Strimzi kinds ({@code kafka.strimzi.io/v1beta2} Kafka, KafkaNodePool, KafkaTopic, KafkaUser)
 * against Strimzi's CRD schemas from {@code @kubernetes-models/strimzi-kafka-operator}. Caught: a
 * wrong type (a string where an integer goes), a value outside an enum or format, a missing
 * required field, and an unknown field in an object whose schema lists its fields (a typo such as
 * {@code containerz} or {@code readinessProbe.httpGet.portt}) — the packages' own validators let
 * unknown fields through, so the validator records which fields the schema's validator reads and
 * reports the rest, as {@code kubectl apply --validate=strict} would. Not caught: keys of maps
 * (labels, annotations, ConfigMap data, resource quantities take any key), anything inside
 * free-form fields (Strimzi's {@code spec.kafka.config}: Kafka's own settings, unchecked by the CRD
 * too), and whatever only the API server or an operator decides (immutable fields, admission,
 * names of existing objects). A kind with no known schema fails the check; none is skipped
 * ({@link #SCHEMA_SKIPPED} lists what would be, with the reason). {@link #theSchemaCheckCanFail}
 * proves each kind of error is reported.
 *
 * <p><b>Structural checks</b> written here: kinds from a fixed list, workloads with selectors,
 * images, resources, probes and non-root security contexts, references to ConfigMaps and Secrets
 * that exist, HPAs within the partitions, every service module deployed.
 */
class KustomizeTest {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final List<String> OVERLAYS = List.of("dev", "prod");

    /** Secrets an overlay expects to exist already (README "Run on Kubernetes"), by overlay. */
    private static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of("dev", Set.of(), "prod", Set.of("vigil-secrets"));

    private static final Set<String> KNOWN_KINDS = Set.of(
            "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/ServiceAccount",
            "v1/PersistentVolumeClaim",
            "apps/v1/Deployment", "apps/v1/DaemonSet", "apps/v1/StatefulSet",
            "batch/v1/Job", "batch/v1/CronJob",
            "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/NetworkPolicy",
            "policy/v1/PodDisruptionBudget",
            "autoscaling/v2/HorizontalPodAutoscaler",
            "kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "kafka.strimzi.io/v1beta2/KafkaUser");

    /**
     * "apiVersion/Kind" the schema check skips, with the reason (the validator's SKIPPED, printed as
     * "SKIPPED ..." lines): none, every rendered kind has a published schema.
     */
    private static final Map<String, String> SCHEMA_SKIPPED = Map.of();

    private static final Set<String> WORKLOADS = Set.of("Deployment", "DaemonSet", "StatefulSet", "Job");

    /** Containers that need no HTTP probes: one-shot Jobs; Kafka and PostgreSQL are probed by TCP/exec. */
    private static final Set<String> NO_HTTP_PROBES = Set.of("kafka", "postgres", "kafka-topics");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectHasTheBasicsAndAKnownKind(String overlay) {
        List<JsonNode> objects = render(overlay);
        assertThat(objects).as(overlay + ": rendered objects").isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (JsonNode o : objects) {
            String id = id(overlay, o);
            assertThat(o.path("apiVersion").asText()).as(id + ": apiVersion").isNotBlank();
            assertThat(o.path("kind").asText()).as(id + ": kind").isNotBlank();
            assertThat(o.path("metadata").path("name").asText()).as(id + ": metadata.name")
                    .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            assertThat(KNOWN_KINDS).as(id + ": apiVersion/kind").contains(o.path("apiVersion").asText() + "/" + o.path("kind").asText());
            assertThat(seen.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()))
                    .as(id + ": rendered twice").isTrue();
            if (!o.path("kind").asText().equals("Namespace")) {
                assertThat(o.path("metadata").path("namespace").asText()).as(id + ": namespace set by the overlay").isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectPassesItsPublishedSchema(String overlay) throws IOException {
        int objects = render(overlay).size();
        Commands.Result r = validateSchemas(RAW.get(overlay));
        assertThat(r.exit()).as("%s: deploy/k8s-schema/validate.mjs (exit %d):%n%s%s", overlay, r.exit(), r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout().lines().filter(l -> l.startsWith("SKIPPED")).map(l -> l.replaceFirst("^SKIPPED (\\S+) (\\S+)/.*", "$1/$2")))
                .as("%s: kinds the schema check skipped:%n%s", overlay, r.stdout())
                .allSatisfy(kind -> assertThat(SCHEMA_SKIPPED).containsKey(kind));
        int skipped = (int) r.stdout().lines().filter(l -> l.startsWith("SKIPPED")).count();
        assertThat(r.stdout()).as(overlay + ": every rendered object validated")
                .contains("checked " + (objects - skipped) + " object(s), skipped " + skipped + ", 0 error(s)");
    }

    /**
     * The schema check can fail: a rendered Deployment and KafkaTopic broken on purpose, plus an
     * unknown kind, are each reported with the object and the path; a new label, a new ConfigMap
     * key and a free-form Kafka setting are not (maps and free-form fields take any key).
     */
    @Test
    void theSchemaCheckCanFail() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode deployment = find(render("prod"), "Deployment", "alert-service").deepCopy();
        ObjectNode spec = (ObjectNode) deployment.path("spec");
        spec.put("replicas", "two");                                        // wrong type
        spec.remove("selector");                                            // missing required field
        ObjectNode pod = (ObjectNode) spec.path("template").path("spec");
        pod.putArray("containerz");                                         // unknown pod field
        ObjectNode container = (ObjectNode) pod.path("containers").path(0);
        container.remove("name");                                           // missing required field
        container.put("imagePullPolicyy", "Always");                        // unknown container field
        ((ObjectNode) container.path("readinessProbe").path("httpGet")).put("portt", 8080); // unknown nested field
        ((ObjectNode) deployment.path("metadata")).putObject("labels").put("example.com/any-label", "fine");

        ObjectNode topic = render("prod").stream().filter(o -> o.path("kind").asText().equals("KafkaTopic"))
                .findFirst().orElseThrow().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitions", "three");       // wrong type, Strimzi schema
        ((ObjectNode) topic.path("spec")).put("replicaz", 3);               // unknown field, Strimzi schema
        ObjectNode kafka = find(render("prod"), "Kafka", "vigil").deepCopy();
        ((ObjectNode) kafka.path("spec").path("kafka")).putObject("config").put("any.kafka.setting", "fine");
        ObjectNode configMap = render("prod").stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                .findFirst().orElseThrow().deepCopy();
        ((ObjectNode) configMap.path("data")).put("any-key", "fine");
        ObjectNode unknown = yaml.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        unknown.putObject("metadata").put("name", "w");

        StringBuilder broken = new StringBuilder();
        for (ObjectNode o : List.of(deployment, topic, kafka, configMap, unknown)) {
            broken.append(yaml.writeValueAsString(o));
        }
        Commands.Result r = validateSchemas(broken.toString());
        String d = "apps/v1 Deployment/alert-service ";
        String t = "kafka.strimzi.io/v1beta2 KafkaTopic/" + topic.path("metadata").path("name").asText() + " ";
        assertThat(r.exit()).as("validator on broken objects:%n%s%s", r.stdout(), r.stderr()).isEqualTo(1);
        assertThat(r.stdout().lines().filter(l -> l.startsWith("ERROR")).toList()).as("validator output").containsExactlyInAnyOrder(
                "ERROR " + d + "spec.replicas: must be integer",
                "ERROR " + d + "spec.selector: must have required property selector",
                "ERROR " + d + "spec.template.spec.containerz: unknown field (not in the schema)",
                "ERROR " + d + "spec.template.spec.containers[0].name: must have required property name",
                "ERROR " + d + "spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the schema)",
                "ERROR " + d + "spec.template.spec.containers[0].readinessProbe.httpGet.portt: unknown field (not in the schema)",
                "ERROR " + t + "spec.partitions: must be integer",
                "ERROR " + t + "spec.replicaz: unknown field (not in the schema)",
                "ERROR example.com/v1 Widget/w: no published schema known for example.com/v1 Widget"
                        + " (kubernetes-models/example.com/v1: ERR_PACKAGE_PATH_NOT_EXPORTED)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void workloadsAreProbedLimitedAndNonRoot(String overlay) {
        for (JsonNode o : render(overlay)) {
            String kind = o.path("kind").asText();
            if (!WORKLOADS.contains(kind)) {
                continue;
            }
            String id = id(overlay, o);
            JsonNode template = o.path("spec").path("template");
            if (!kind.equals("Job")) {
                JsonNode matchLabels = o.path("spec").path("selector").path("matchLabels");
                assertThat(matchLabels.size()).as(id + ": spec.selector.matchLabels").isPositive();
                matchLabels.fields().forEachRemaining(e -> assertThat(template.path("metadata").path("labels").path(e.getKey()).asText())
                        .as(id + ": template label " + e.getKey() + " matches the selector").isEqualTo(e.getValue().asText()));
            }
            JsonNode pod = template.path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(id + ": pod runAsNonRoot").isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(id + ": seccompProfile")
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("containers").size()).as(id + ": containers").isPositive();
            Set<String> volumes = new HashSet<>();
            pod.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
            o.path("spec").path("volumeClaimTemplates").forEach(v -> volumes.add(v.path("metadata").path("name").asText()));
            for (JsonNode c : pod.path("containers")) {
                String cid = id + " container " + c.path("name").asText();
                assertThat(c.path("image").asText()).as(cid + ": image").contains(":");
                for (String part : List.of("requests", "limits")) {
                    assertThat(c.path("resources").path(part).path("memory").asText()).as(cid + ": resources." + part + ".memory").isNotBlank();
                    assertThat(c.path("resources").path(part).path("cpu").asText()).as(cid + ": resources." + part + ".cpu").isNotBlank();
                }
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("runAsNonRoot").asBoolean()).as(cid + ": runAsNonRoot").isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                        .as(cid + ": allowPrivilegeEscalation false").isTrue();
                assertThat(sc.path("capabilities").path("drop").toString()).as(cid + ": capabilities drop ALL").contains("\"ALL\"");
                if (!kind.equals("Job")) {
                    assertThat(c.has("readinessProbe")).as(cid + ": readinessProbe").isTrue();
                    assertThat(c.has("livenessProbe")).as(cid + ": livenessProbe").isTrue();
                }
                if (!NO_HTTP_PROBES.contains(c.path("name").asText())) {
                    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(cid + ": readiness").isEqualTo("/q/health/ready");
                    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(cid + ": liveness").isEqualTo("/q/health/live");
                    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(cid + ": readOnlyRootFilesystem").isTrue();
                }
                c.path("volumeMounts").forEach(m -> assertThat(volumes).as(cid + ": volume of mount " + m.path("mountPath").asText())
                        .contains(m.path("name").asText()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyConfigMapAndSecretReferenceResolves(String overlay) {
        List<JsonNode> objects = render(overlay);
        Set<String> configMaps = names(objects, "ConfigMap");
        Set<String> secrets = new HashSet<>(names(objects, "Secret"));
        secrets.addAll(EXTERNAL_SECRETS.get(overlay));
        int references = 0;
        for (JsonNode o : objects) {
            String id = id(overlay, o);
            for (JsonNode ref : o.findValues("configMapKeyRef")) {
                references++;
                assertThat(configMaps).as(id + ": configMapKeyRef").contains(ref.path("name").asText());
            }
            for (JsonNode ref : o.findValues("configMapRef")) {
                references++;
                assertThat(configMaps).as(id + ": envFrom configMapRef").contains(ref.path("name").asText());
            }
            for (JsonNode ref : o.findValues("secretKeyRef")) {
                references++;
                assertThat(secrets).as(id + ": secretKeyRef (rendered, or documented as external)").contains(ref.path("name").asText());
            }
            for (JsonNode volume : o.path("spec").path("template").path("spec").path("volumes")) {
                if (volume.has("configMap")) {
                    references++;
                    assertThat(configMaps).as(id + ": configMap volume").contains(volume.path("configMap").path("name").asText());
                }
                if (volume.has("secret")) {
                    references++;
                    assertThat(secrets).as(id + ": secret volume").contains(volume.path("secret").path("secretName").asText());
                }
            }
        }
        assertThat(references).as(overlay + ": references checked").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceModuleIsDeployedWithItsPortAndConfig(String overlay) throws IOException {
        List<JsonNode> objects = render(overlay);
        List<Module> modules = serviceModules();
        assertThat(modules).as("service modules under %s", ROOT).hasSizeGreaterThanOrEqualTo(5);
        for (Module module : modules) {
            String what = overlay + ": " + module.name();
            JsonNode workload = objects.stream()
                    .filter(o -> Set.of("Deployment", "DaemonSet").contains(o.path("kind").asText()))
                    .filter(o -> o.path("metadata").path("name").asText().equals(module.name()))
                    .findFirst().orElse(null);
            assertThat(workload).as(what + ": Deployment or DaemonSet").isNotNull();
            JsonNode container = workload.path("spec").path("template").path("spec").path("containers").path(0);
            // The image the build writes (vigil/<module>), under a registry in prod.
            assertThat(container.path("image").asText()).as(what + ": image")
                    .matches("(registry\\.example\\.com/)?vigil/" + module.name() + ":" + System.getProperty("vigil.version", "0.1.0-SNAPSHOT"));
            assertThat(env(container, "QUARKUS_HTTP_PORT")).as(what + ": QUARKUS_HTTP_PORT").isEqualTo(module.port());
            assertThat(container.path("ports").path(0).path("containerPort").asText()).as(what + ": containerPort").isEqualTo(module.port());
            // The JVM flags are the image's entrypoint (ContainerImagesIT); JDK_JAVA_OPTIONS would come
            // before them and lose, so only _JAVA_OPTIONS (read after) may change them.
            assertThat(env(container, "JDK_JAVA_OPTIONS")).as(what + ": JDK_JAVA_OPTIONS").isEmpty();
            JsonNode security = workload.path("spec").path("template").path("spec").path("securityContext");
            assertThat(security.path("runAsUser").asInt()).as(what + ": the image's user").isEqualTo(10001);
            assertThat(readOnlyMount(container, "/etc/vigil")).as(what + ": config mounted read-only at /etc/vigil").isTrue();
            if (module.stores()) {
                assertThat(env(container, "QUARKUS_DATASOURCE_USERNAME")).as(what + ": database role").startsWith("vigil_");
                assertThat(container.toString()).as(what + ": database password from a Secret").contains("QUARKUS_DATASOURCE_PASSWORD")
                        .contains("secretKeyRef");
            }
            JsonNode service = objects.stream()
                    .filter(o -> o.path("kind").asText().equals("Service") && o.path("metadata").path("name").asText().equals(module.name()))
                    .findFirst().orElse(null);
            assertThat(service).as(what + ": Service").isNotNull();
            assertThat(service.path("spec").path("ports").path(0).path("port").asText()).as(what + ": Service port").isEqualTo(module.port());
        }
        JsonNode env = objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.path("metadata").path("name").asText().startsWith("vigil-env")).findFirst().orElseThrow();
        assertThat(env.path("data").path("VIGIL_CONFIG_FILE").asText()).isEqualTo("/etc/vigil/vigil.yaml");
        assertThat(env.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(overlay + ": KAFKA_BOOTSTRAP_SERVERS").isNotBlank();
    }

    @Test
    void theCollectorIsADaemonSetSeeingTheHost() {
        for (String overlay : OVERLAYS) {
            JsonNode ds = find(render(overlay), "DaemonSet", "collector-service");
            JsonNode pod = ds.path("spec").path("template").path("spec");
            assertThat(pod.path("hostPID").asBoolean()).as(overlay + ": hostPID").isTrue();
            JsonNode container = pod.path("containers").path(0);
            assertThat(readOnlyMount(container, "/host/proc")).as(overlay + ": /host/proc read-only").isTrue();
            assertThat(readOnlyMount(container, "/host/sys")).as(overlay + ": /host/sys read-only").isTrue();
            Set<String> hostPaths = new HashSet<>();
            pod.path("volumes").forEach(v -> hostPaths.add(v.path("hostPath").path("path").asText()));
            assertThat(hostPaths).as(overlay + ": host paths").contains("/proc", "/sys");
        }
    }

    @Test
    void autoscalersStayWithinThePartitionsOfWhatTheyConsume() {
        // The topics each scaled service consumes (its application.properties' incoming channels).
        Map<String, List<String>> consumes = Map.of(
                "alert-service", List.of("metrics", "health-results", "domain-findings"),
                "notifier-service", List.of("notifications"));
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(overlay);
            Map<String, Integer> partitions = partitions(overlay, objects);
            List<JsonNode> hpas = objects.stream().filter(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler")).toList();
            assertThat(hpas).as(overlay + ": HPAs").extracting(h -> h.path("metadata").path("name").asText())
                    .containsExactlyInAnyOrderElementsOf(consumes.keySet());
            for (JsonNode hpa : hpas) {
                String name = hpa.path("metadata").path("name").asText();
                int max = hpa.path("spec").path("maxReplicas").asInt();
                assertThat(hpa.path("spec").path("minReplicas").asInt()).as(overlay + " " + name + ": minReplicas").isBetween(1, max);
                assertThat(find(objects, hpa.path("spec").path("scaleTargetRef").path("kind").asText(),
                        hpa.path("spec").path("scaleTargetRef").path("name").asText())).isNotNull();
                for (String topic : consumes.get(name)) {
                    assertThat(partitions).as(overlay + ": partitions of " + topic).containsKey(topic);
                    assertThat(max).as("%s: %s maxReplicas vs %d partitions of %s", overlay, name, partitions.get(topic), topic)
                            .isLessThanOrEqualTo(partitions.get(topic));
                }
            }
        }
    }

    @Test
    void everyOverlayCreatesEveryTopic() throws IOException {
        for (String overlay : OVERLAYS) {
            assertThat(partitions(overlay, render(overlay)).keySet()).as(overlay + ": topics against events Topics.java")
                    .containsExactlyInAnyOrderElementsOf(topicConstants());
        }
    }

    @Test
    void devRunsTheSameRolesScriptAsCompose() throws IOException {
        assertThat(Files.readString(ROOT.resolve("deploy/k8s/overlays/dev/10-vigil-roles.sh")))
                .as("deploy/k8s/overlays/dev/10-vigil-roles.sh is a copy of deploy/postgres/10-vigil-roles.sh (kustomize loads no file outside the overlay)")
                .isEqualTo(Files.readString(ROOT.resolve("deploy/postgres/10-vigil-roles.sh")));
        JsonNode init = render("dev").stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.path("metadata").path("name").asText().startsWith("postgres-init")).findFirst().orElseThrow();
        assertThat(init.path("data").has("10-vigil-roles.sh")).isTrue();
    }

    @Test
    void noSecretValueIsCommittedExceptDevPlaceholders() throws IOException {
        for (String overlay : OVERLAYS) {
            for (JsonNode o : render(overlay)) {
                if (o.path("kind").asText().equals("Secret")) {
                    assertThat(overlay).as("only dev generates a Secret").isEqualTo("dev");
                }
            }
        }
        Properties example = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("deploy/k8s/overlays/dev/secrets.env.example"))) {
            example.load(in);
        }
        assertThat(example).isNotEmpty();
        example.forEach((key, value) -> {
            if (key.toString().matches(".*(PASSWORD|SECRET).*")) {
                assertThat(value.toString()).as("secrets.env.example: " + key).startsWith("change-me");
            }
        });
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Topic -> partitions: the dev topics Job's VIGIL_TOPICS/VIGIL_PARTITIONS, or Strimzi KafkaTopics. */
    private static Map<String, Integer> partitions(String overlay, List<JsonNode> objects) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (JsonNode o : objects) {
            if (o.path("kind").asText().equals("KafkaTopic")) {
                out.put(o.path("spec").path("topicName").asText(o.path("metadata").path("name").asText()),
                        o.path("spec").path("partitions").asInt());
            }
            if (o.path("kind").asText().equals("Job")) {
                JsonNode c = o.path("spec").path("template").path("spec").path("containers").path(0);
                String topics = env(c, "VIGIL_TOPICS");
                if (!topics.isEmpty()) {
                    for (String t : topics.trim().split("\\s+")) {
                        out.put(t, Integer.parseInt(env(c, "VIGIL_PARTITIONS")));
                    }
                }
            }
        }
        assertThat(out).as(overlay + ": topics (a topics Job or KafkaTopics)").isNotEmpty();
        return out;
    }

    private static boolean readOnlyMount(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                return m.path("readOnly").asBoolean();
            }
        }
        return false;
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return "";
    }

    private static Set<String> names(List<JsonNode> objects, String kind) {
        Set<String> out = new HashSet<>();
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).forEach(o -> out.add(o.path("metadata").path("name").asText()));
        return out;
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseGet(() -> fail(kind + "/" + name + " not rendered"));
    }

    private static String id(String overlay, JsonNode o) {
        return overlay + ": " + o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    private static List<Module> serviceModules() throws IOException {
        return ServiceModules.list(ROOT);
    }

    private static List<String> topicConstants() throws IOException {
        return ServiceModules.topics(ROOT);
    }

    private static final Map<String, List<JsonNode>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, String> RAW = new java.util.concurrent.ConcurrentHashMap<>();

    /** The overlay rendered by `kubectl kustomize` (once per run), as one node per document. */
    private static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            String[] result = kubectl("kustomize", "deploy/k8s/overlays/" + o);
            RAW.put(o, result[0]);
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            List<JsonNode> docs = new ArrayList<>();
            try (YAMLParser parser = new YAMLFactory().createParser(result[0])) {
                for (var it = mapper.readValues(parser, JsonNode.class); it.hasNext(); ) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !(doc instanceof MissingNode)) {
                        docs.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.copyOf(docs);
        });
    }

    /** Runs kubectl in the repository root; a failure fails the test with its stderr. Returns {stdout, stderr}. */
    private static String[] kubectl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(findKubectl());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().remove("KUBECONFIG"); // rendering reads no cluster configuration
        Commands.Result r = Commands.run(pb, Duration.ofSeconds(120));
        assertThat(r.exit()).as("kubectl %s failed:\n%s", String.join(" ", args), r.stderr()).isZero();
        return new String[] {r.stdout(), r.stderr()};
    }

    /**
     * Pipes {@code yaml} to deploy/k8s-schema/validate.mjs (stdin from a temporary file) and returns
     * what it said. Missing node or node_modules fail the test: skipping would let a broken object through.
     */
    private static Commands.Result validateSchemas(String yaml) throws IOException {
        Path dir = Path.of(System.getProperty("vigil.k8s-schema.dir", ROOT.resolve("deploy/k8s-schema").toString()));
        assertThat(dir.resolve("node_modules/kubernetes-models")).as("npm ci has run in %s (Maven does, in generate-test-resources)", dir)
                .isDirectory();
        String node = Commands.onPath("node", "install Node.js 20 or newer (Debian's nodejs, which .ci/run installs)"
                + " to check deploy/k8s against the Kubernetes and Strimzi schemas");
        Path input = Files.createTempFile("vigil-k8s-", ".yaml");
        try {
            Files.writeString(input, yaml);
            ProcessBuilder pb = new ProcessBuilder(node, dir.resolve("validate.mjs").toString()).directory(dir.toFile())
                    .redirectInput(input.toFile());
            return Commands.run(pb, Duration.ofSeconds(120));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** A missing kubectl fails the build: skipping would let a broken overlay through. */
    private static String findKubectl() {
        return Commands.onPath("kubectl", "install a kubectl with kustomize v3 or later (kubectl >= 1.21;"
                + " https://kubernetes.io/docs/tasks/tools/, or Debian's kubernetes-client, which .ci/run installs)"
                + " to render deploy/k8s offline");
    }

}
