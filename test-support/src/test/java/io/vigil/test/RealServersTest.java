package io.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.Topics;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RealServersTest {

    @Test
    void kafkaResourceRunsARealBrokerWithTheVigilTopics() {
        KafkaResource resource = new KafkaResource();
        Map<String, String> config = resource.start();
        try {
            String bootstrap = config.get("kafka.bootstrap.servers");
            assertThat(bootstrap).startsWith("127.0.0.1:").isEqualTo(KafkaResource.bootstrapServers());
            assertThat(KafkaResource.companion().topics().list()).containsAll(Topics.ALL);

            KafkaResource.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.METRICS, "web-1", "{}"));
            ConsumerTask<String, String> consumed = KafkaResource.companion().consumeStrings()
                    .fromTopics(Topics.METRICS, 1).awaitCompletion(Duration.ofSeconds(20));

            assertThat(consumed.getFirstRecord().key()).isEqualTo("web-1");
        } finally {
            resource.stop();
        }
        assertThatThrownBy(KafkaResource::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void postgresResourceRunsARealServerAndStopsIt() throws Exception {
        PostgresResource resource = new PostgresResource();
        Map<String, String> config = resource.start();
        int port;
        try {
            assertThat(config.get("quarkus.datasource.reactive.url")).startsWith("postgresql://127.0.0.1:");
            try (Connection c = PostgresResource.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select current_database(), current_setting('server_version_num')::int")) {
                rs.next();
                assertThat(config.get("quarkus.datasource.jdbc.url")).endsWith("/" + rs.getString(1));
                assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(150000);
                port = c.getMetaData().getURL().contains(":") ? portOf(config.get("quarkus.datasource.jdbc.url")) : -1;
            }
        } finally {
            resource.stop();
        }
        assertThat(accepts(port)).as("PostgreSQL still listening on %d after stop", port).isFalse();
    }

    @Test
    void oidcResourceMintsTokensWithRolesForItsKey() {
        OidcResource resource = new OidcResource();
        Map<String, String> config = resource.start();

        String token = OidcResource.token("viewer");

        assertThat(config).containsKeys("quarkus.oidc.public-key", "quarkus.oidc.token.issuer");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"groups\":[\"viewer\"]").contains(OidcResource.ISSUER);
        assertThat(OidcResource.tokenSignedByStranger("viewer").split("\\.")[2]).isNotEqualTo(token.split("\\.")[2]);
    }

    private static int portOf(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("127.0.0.1:") + "127.0.0.1:".length());
        return Integer.parseInt(rest.substring(0, rest.indexOf('/')));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
