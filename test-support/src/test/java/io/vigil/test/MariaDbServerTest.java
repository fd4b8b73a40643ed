package io.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {

    @Test
    void runsARealMariaDbOnLoopbackAndStopsItOnClose() throws IOException {
        int port;
        try (MariaDbServer server = MariaDbServer.start()) {
            port = server.port();
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + port + "/vigil");
            assertThat(greeting(port)).contains("MariaDB");

            server.stop();
            assertThat(accepts(port)).as("still listening on %d after stop", port).isFalse();

            server.restart();
            assertThat(greeting(port)).contains("MariaDB");
        }
        assertThat(accepts(port)).as("still listening on %d after close", port).isFalse();
    }

    /** The server's first packet: protocol version 10, then its version text. */
    private static String greeting(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(4);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            byte[] payload = in.readNBytes(length);
            assertThat(payload[0]).as("protocol version").isEqualTo((byte) 10);
            int end = 1;
            while (payload[end] != 0) {
                end++;
            }
            return new String(payload, 1, end - 1, StandardCharsets.US_ASCII);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
