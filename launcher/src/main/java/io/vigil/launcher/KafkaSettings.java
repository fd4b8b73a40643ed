package io.vigil.launcher;

import java.nio.file.Path;

/**
 * The files of a single-node KRaft Kafka (broker and controller in one process) under {@code dir}.
 * The quorum is static ({@code controller.quorum.voters}), so formatting needs no
 * {@code --standalone} and the node id never changes.
 */
public record KafkaSettings(Path dir, int port, int controllerPort) {

    public static final int NODE_ID = 1;

    public KafkaSettings {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path serverProperties() {
        return dir.resolve("server.properties");
    }

    public Path log4jConfig() {
        return dir.resolve("log4j2.xml");
    }

    /** Written by {@code StorageTool format}; its presence means the storage must not be formatted again. */
    public Path metaProperties() {
        return dataDir().resolve("meta.properties");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public String serverPropertiesText() {
        return String.join("\n",
                "# Written by the Vigil launcher on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=" + NODE_ID,
                "controller.quorum.voters=" + NODE_ID + "@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=1",
                // One broker: every internal topic must fit on it.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers of a fresh group start at once instead of after 3 s.
                "group.initial.rebalance.delay.ms=0",
                // Sized for one node and a handful of clients rather than a cluster's broker: fewer
                // threads, and one partition for each internal topic instead of 50, which the first
                // consumer group would otherwise wait for while they are created.
                "num.network.threads=1",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "group.coordinator.threads=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.num.partitions=1",
                // The cleaner compacts only the internal topics' few keys; its default 128 MB map is allocated
                // and zeroed on the heap at start.
                "log.cleaner.dedupe.buffer.size=8388608",
                // A week of metrics on a laptop is plenty; keep the disk bounded.
                "log.retention.hours=168",
                "log.retention.bytes=1073741824",
                // Retention deletes whole segments: 64 MB ones keep a partition near its 1 GB, not up to 2 GB.
                "log.segment.bytes=67108864",
                "");
    }

    /** Log4j2 for the broker JVM: stdout, which the launcher appends to {@code .vigil/logs/kafka.log}. */
    public String log4jConfigText() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the Vigil launcher on every start. -->
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="stdout" target="SYSTEM_OUT">
                      <PatternLayout pattern="%d{ISO8601} %-5p [%c{1}] %m%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="kafka.log.LogCleaner" level="WARN"/>
                    <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
                    <Root level="INFO">
                      <AppenderRef ref="stdout"/>
                    </Root>
                  </Loggers>
                </Configuration>
                """;
    }
}
