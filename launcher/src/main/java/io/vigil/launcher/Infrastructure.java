package io.vigil.launcher;

import io.vigil.events.Topics;
import java.io.IOException;
import java.nio.file.Path;

/** Kafka and PostgreSQL for one Vigil home, started side by side and handed to a supervisor. */
public final class Infrastructure {

    /** One partition is plenty on one machine and keeps consumer start-up quick. */
    static final int PARTITIONS = 1;

    private Infrastructure() {
    }

    /** What the services need to know about the running infrastructure. */
    public record Running(PostgresServer postgres, KafkaBroker kafka) {
    }

    public static Running start(VigilHome home, Ports ports, Path libDir, Supervisor supervisor, Console console)
            throws IOException {
        home.prepare();
        // Kafka's JVM takes seconds to boot; PostgreSQL starts in the meantime.
        long kafkaStarted = System.nanoTime();
        KafkaSettings settings = new KafkaSettings(home.kafkaDir(), ports.kafka(), ports.kafkaController());
        KafkaBroker kafka = supervisor.add(Supervisor.Tier.BROKER,
                KafkaBroker.start(settings, libDir, home.log("kafka")));

        long pgStarted = System.nanoTime();
        PostgresServer postgres = supervisor.add(Supervisor.Tier.DATABASE,
                PostgresServer.start(home.postgresDataDir(), ports.postgres(), home.log("postgres"),
                        new Secrets(home.secretsDir())));
        console.ok("postgres ready on " + postgres.port(), pgStarted);

        kafka.awaitReady();
        kafka.createTopics(Topics.ALL, PARTITIONS);
        console.ok("kafka ready on " + ports.kafka() + ", topics " + String.join(", ", Topics.ALL), kafkaStarted);
        return new Running(postgres, kafka);
    }
}
