package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void namesTheBusyPortAndWhatNeedsIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = PortCheck.freePort();

            assertThatThrownBy(() -> PortCheck.requireFree(Map.of(taken.getLocalPort(), "Kafka (VIGIL_KAFKA_PORT)",
                    free, "PostgreSQL (VIGIL_PG_PORT)")))
                    .isInstanceOf(LauncherException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " for Kafka (VIGIL_KAFKA_PORT) is already in use")
                    .hasMessageNotContaining("port " + free);
        }
    }

    @Test
    void acceptsFreePorts() {
        assertThatCode(() -> PortCheck.requireFree(Map.of(PortCheck.freePort(), "x"))).doesNotThrowAnyException();
    }
}
