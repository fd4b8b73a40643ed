package io.vigil.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the {@code ./vigil} tests ask of a process and a port. */
final class ProcessIo {

    private ProcessIo() {
    }

    /** Copies the process's output into {@code sink}, line by line, until it closes. */
    static void readLines(Process p, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.add(line);
            }
        } catch (IOException e) {
            sink.add("(output closed: " + e.getMessage() + ")");
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
