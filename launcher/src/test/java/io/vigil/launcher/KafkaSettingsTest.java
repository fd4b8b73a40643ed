package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private final KafkaSettings settings = new KafkaSettings(Path.of("/data/.vigil/kafka"), 29092, 29093);

    @Test
    void serverPropertiesDescribeOneCombinedNodeWithAStaticQuorumOnLoopback() throws Exception {
        Properties p = load(settings.serverPropertiesText());

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:29093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/data/.vigil/kafka/data");
    }

    @Test
    void internalTopicsFitOnASingleBrokerAndGroupsStartWithoutDelay() throws Exception {
        Properties p = load(settings.serverPropertiesText());

        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    }

    @Test
    void oneNodesThreadsInternalPartitionsAndCleanerMapAreSizedForALaptop() throws Exception {
        Properties p = load(settings.serverPropertiesText());

        assertThat(p.getProperty("offsets.topic.num.partitions")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.num.partitions")).isEqualTo("1");
        assertThat(p.getProperty("num.network.threads")).isEqualTo("1");
        assertThat(Long.parseLong(p.getProperty("log.cleaner.dedupe.buffer.size"))).isLessThanOrEqualTo(16L << 20);
        assertThat(Long.parseLong(p.getProperty("log.segment.bytes")))
                .isLessThan(Long.parseLong(p.getProperty("log.retention.bytes")));
    }

    @Test
    void formatMarkerAndBootstrapFollowTheDirectoryAndPort() {
        assertThat(settings.metaProperties()).isEqualTo(Path.of("/data/.vigil/kafka/data/meta.properties"));
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(settings.log4jConfigText()).contains("<Configuration").contains("SYSTEM_OUT");
    }

    private static Properties load(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
