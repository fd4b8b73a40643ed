package io.vigil.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Refuses to start when a port is taken, before anything is started, naming the port and its owner-to-be. */
public final class PortCheck {

    private PortCheck() {
    }

    public static void requireFree(Map<Integer, String> ports) {
        List<String> busy = new ArrayList<>();
        ports.forEach((port, what) -> {
            if (!isFree(port)) {
                busy.add("port " + port + " for " + what + " is already in use");
            }
        });
        if (!busy.isEmpty()) {
            throw new LauncherException(String.join("\n", busy)
                    + "\n  stop whatever listens there (another `vigil up`?) or move Vigil with the variable named");
        }
    }

    /** Binding (not connecting) also catches a listener on 0.0.0.0 and a port in TIME_WAIT-free use. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nobody listens on right now (tests and ephemeral use). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LauncherException("no free TCP port: " + e.getMessage(), e);
        }
    }
}
