package io.vigil.launcher;

import io.vigil.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Kafka and PostgreSQL for one Vigil home, started side by side and handed to a supervisor. */
public final class Infrastructure {

    /** One partition is plenty on one machine and keeps consumer start-up quick. */
    static final int PARTITIONS = 1;

    private Infrastructure() {
    }

    /**
     * What the services need to know about the running infrastructure. PostgreSQL is ready; Kafka
     * has been started, and {@link #awaitKafka(Console)} waits for it and creates the topics.
     */
    public record Running(PostgresServer postgres, KafkaBroker kafka, Ports ports, long kafkaStarted) {

        /** Returns once the broker answers and every topic exists. */
        public void awaitKafka(Console console) {
            kafka.awaitReady();
            kafka.createTopics(Topics.ALL, PARTITIONS);
            console.ok("kafka ready on " + ports.kafka() + ", topics " + String.join(", ", Topics.ALL), kafkaStarted);
        }
    }

    /**
     * Starts Kafka and PostgreSQL side by side and returns once PostgreSQL is ready: the services
     * can boot while the broker finishes (their Kafka clients retry until it answers).
     */
    public static Running start(VigilHome home, Ports ports, Path libDir, Supervisor supervisor, Console console)
            throws IOException {
        home.prepare();
        // Kafka's JVMs (formatting the storage on a first run, then the broker) take seconds to boot;
        // PostgreSQL starts meanwhile, on this thread.
        long kafkaStarted = System.nanoTime();
        KafkaSettings settings = new KafkaSettings(home.kafkaDir(), ports.kafka(), ports.kafkaController());
        CompletableFuture<KafkaBroker> kafkaStart = CompletableFuture.supplyAsync(() -> {
            try {
                return supervisor.add(Supervisor.Tier.BROKER, KafkaBroker.start(settings, libDir, home.log("kafka")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        long pgStarted = System.nanoTime();
        PostgresServer postgres;
        try {
            postgres = supervisor.add(Supervisor.Tier.DATABASE,
                    PostgresServer.start(home.postgresDataDir(), ports.postgres(), home.log("postgres"),
                            new Secrets(home.secretsDir())));
        } catch (IOException | RuntimeException e) {
            // The broker must be in the supervisor's hands before the caller stops everything.
            kafkaStart.handle((k, failure) -> k).join();
            throw e;
        }
        console.ok("postgres ready on " + postgres.port(), pgStarted);
        return new Running(postgres, started(kafkaStart), ports, kafkaStarted);
    }

    private static KafkaBroker started(CompletableFuture<KafkaBroker> start) throws IOException {
        try {
            return start.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LauncherException("cannot start Kafka: " + cause, cause);
        }
    }
}
