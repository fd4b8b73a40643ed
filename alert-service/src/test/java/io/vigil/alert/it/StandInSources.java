package io.vigil.alert.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 standing in for the health-service: it answers every GET with
 * what it got (path, query, Authorization header) as JSON, and with 403 for the check named
 * {@code forbidden}, so a test sees both what was forwarded and that the status comes back as
 * given. {@code alert.domain-url} points at a port nobody listens on.
 */
public class StandInSources implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            JsonObject got = new JsonObject().put("method", req.method().name()).put("path", req.path())
                    .put("query", req.query()).put("authorization", req.getHeader("Authorization"));
            int status = req.path().equals("/api/checks/forbidden/results") ? 403 : 200;
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(got.encode());
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return Map.of("alert.health-url", "http://127.0.0.1:" + server.actualPort() + "/",
                    "alert.domain-url", "http://127.0.0.1:" + closedPort());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the stand-in health-service did not start", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
            vertx = null;
        }
    }

    /** A port that was free a moment ago and that nothing listens on now. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
