package io.vigil.images;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The images' health check for runtimes that probe by running a command (Docker, compose): the image
 * has no shell, curl or wget, so {@code java -cp /opt/vigil/probe io.vigil.images.Probe URL} asks a
 * URL and exits 0 on a 2xx answer, 1 otherwise. Kubernetes probes by HTTP itself and needs none of this.
 * A URL of the form {@code :PORT/path} means 127.0.0.1:PORT, the port read from {@code QUARKUS_HTTP_PORT}
 * when it is {@code :$/path}.
 */
public final class Probe {

    private Probe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Probe URL   (or :PORT/path, or :$/path for $QUARKUS_HTTP_PORT)");
            System.exit(2);
        }
        try {
            int status = status(url(args[0], System.getenv("QUARKUS_HTTP_PORT")), 3_000);
            System.out.println(status);
            System.exit(status >= 200 && status < 300 ? 0 : 1);
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(e);
            System.exit(1);
        }
    }

    static String url(String argument, String portVariable) {
        if (!argument.startsWith(":")) {
            return argument;
        }
        int slash = argument.indexOf('/');
        String port = argument.substring(1, slash < 0 ? argument.length() : slash);
        String path = slash < 0 ? "/" : argument.substring(slash);
        if (port.equals("$")) {
            if (portVariable == null || portVariable.isBlank()) {
                throw new IllegalArgumentException("QUARKUS_HTTP_PORT is not set");
            }
            port = portVariable.trim();
        }
        return "http://127.0.0.1:" + Integer.parseInt(port) + path;
    }

    static int status(String url, int timeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
