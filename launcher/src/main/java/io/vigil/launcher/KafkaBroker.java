package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** Apache Kafka in a child JVM ({@code kafka.Kafka server.properties}) on the launcher's own lib directory. */
public final class KafkaBroker implements Managed {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaSettings settings;
    private final ChildProcess process;

    private KafkaBroker(KafkaSettings settings, ChildProcess process) {
        this.settings = settings;
        this.process = process;
    }

    /**
     * Writes the config, formats the storage on first use and starts the broker. Returns without
     * waiting for it: call {@link #awaitReady()} (PostgreSQL can start meanwhile).
     */
    public static KafkaBroker start(KafkaSettings settings, Path libDir, Path log) throws IOException {
        Files.createDirectories(settings.dataDir());
        Files.writeString(settings.serverProperties(), settings.serverPropertiesText());
        Files.writeString(settings.log4jConfig(), settings.log4jConfigText());
        if (!Files.exists(settings.metaProperties())) {
            format(settings, libDir, log);
        }
        // One node at a laptop's rates: the heap holds request buffers and the log cleaner's map
        // (8 MB, KafkaSettings), not data, which lives in the page cache.
        List<String> command = javaCommand(settings, libDir, "-Xmx256m");
        command.add("kafka.Kafka");
        command.add(settings.serverProperties().toString());
        return new KafkaBroker(settings, ChildProcess.start("kafka", command, ServiceSpec.JVM_ENV, settings.dir(), log));
    }

    private static void format(KafkaSettings settings, Path libDir, Path log) {
        List<String> command = javaCommand(settings, libDir, "-Xmx64m");
        command.addAll(List.of("kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", settings.serverProperties().toString()));
        ChildProcess tool = ChildProcess.start("kafka-storage-format", command, Map.of(), settings.dir(), log);
        if (!tool.waitForExit(Duration.ofSeconds(60))) {
            tool.stop();
            throw new LauncherException("formatting Kafka storage timed out; see " + log);
        }
        if (tool.exitValue() != 0) {
            throw new LauncherException("formatting Kafka storage failed (exit " + tool.exitValue() + "); see " + log);
        }
    }

    private static List<String> javaCommand(KafkaSettings settings, Path libDir, String heap) {
        if (!Files.isDirectory(libDir)) {
            throw new LauncherException("Kafka's class path " + libDir + " is missing; build with ./mvnw -pl launcher package");
        }
        // Serial GC and a small initial heap as for the services (ServiceSpec); C1 only: the broker
        // moves a few records a second here, and C2 would spend seconds of CPU at start on it.
        return new ArrayList<>(List.of(ChildProcess.javaBinary(), heap, "-Xms16m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + settings.log4jConfig().toUri(),
                "-cp", libDir.toAbsolutePath() + "/*"));
    }

    /** Waits until an admin client can list topics; fails at once if the broker JVM exits. */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin(Duration.ofSeconds(2))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new LauncherException("Kafka exited during start-up (exit " + process.exitValue()
                            + "); see " + process.log());
                }
                try {
                    admin.listTopics().names().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new LauncherException("Kafka not ready after " + READY_TIMEOUT.toSeconds()
                                + " s; see " + process.log());
                    }
                    process.waitForExit(Duration.ofMillis(200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LauncherException("interrupted while waiting for Kafka");
                }
            }
        }
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(List<String> names, int partitions) {
        try (Admin admin = admin(Duration.ofSeconds(30))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream()
                    .filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1))
                    .toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LauncherException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LauncherException("cannot list Kafka topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while creating topics");
        }
    }

    private Admin admin(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return Admin.create(p);
    }

    public KafkaSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public CompletableFuture<?> exited() {
        return process.exited();
    }

    @Override
    public List<ProcessHandle> processes() {
        return process.processes();
    }

    @Override
    public void stop() {
        process.stop();
    }
}
