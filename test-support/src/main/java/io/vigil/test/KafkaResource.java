package io.vigil.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller) for a Quarkus test, on a random
 * loopback port, with every {@link Topics} topic created. Hands {@code kafka.bootstrap.servers} to
 * the application; tests produce and consume through {@link #companion()}.
 *
 * <p>Use with {@code @QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = true)}.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafka broker;
    private static volatile KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka started = EmbeddedKafka.start();
        createTopics(started.bootstrapServers(), Topics.ALL);
        broker = started;
        companion = new KafkaCompanion(started.bootstrapServers());
        return Map.of("kafka.bootstrap.servers", started.bootstrapServers());
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
            companion = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker's {@code host:port}; only valid between start and stop. */
    public static String bootstrapServers() {
        return running().bootstrapServers();
    }

    /** A SmallRye companion connected to the running broker, for producing and consuming in tests. */
    public static KafkaCompanion companion() {
        running();
        return companion;
    }

    private static EmbeddedKafka running() {
        EmbeddedKafka b = broker;
        if (b == null) {
            throw new IllegalStateException("KafkaResource is not started: annotate the test with @QuarkusTestResource(KafkaResource.class)");
        }
        return b;
    }

    /** Creates topics with one partition each, so tests see one total order per topic. */
    public static void createTopics(String bootstrapServers, List<String> topics) {
        createTopics(bootstrapServers, topics, 1);
    }

    /** Creates topics with {@code partitions} partitions each (several consumers in one group). */
    public static void createTopics(String bootstrapServers, List<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers, e);
        }
    }
}
