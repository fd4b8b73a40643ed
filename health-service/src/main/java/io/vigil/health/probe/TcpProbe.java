package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vigil.config.CheckConfig;
import io.vigil.config.TcpCheck;
import io.vigil.events.HealthStatus;
import io.vigil.health.guard.TargetGuard;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code type: tcp}: connects to the address {@link TargetGuard} approved; optionally sends text,
 * then looks for the expected text in what the server sends back.
 */
@Singleton
public class TcpProbe implements Probe, AutoCloseable {

    /** What is read at most while looking for the expected text. */
    static final int MAX_READ_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final TargetGuard guard;
    /**
     * One client per connect timeout: Vert.x 4 sets the connect timeout per client, not per
     * connection, and checks use a handful of distinct timeouts.
     */
    private final Map<Long, NetClient> clients = new ConcurrentHashMap<>();

    @Inject
    public TcpProbe(Vertx vertx, TargetGuard guard) {
        this.vertx = vertx;
        this.guard = guard;
    }

    @Override
    public Uni<ProbeResult> run(CheckConfig check) {
        if (!(check.kind() instanceof TcpCheck tcp)) {
            throw new IllegalArgumentException(check.name() + ": not a tcp check (" + check.type() + ")");
        }
        long timeoutMillis = Math.max(1, check.timeout().toMillis());
        return ProbeRun.start(vertx, check.timeout(), List.of(), run -> guard.address(tcp.host()).onComplete(resolved -> {
            if (run.done()) {
                return;
            }
            if (resolved.failed()) {
                run.fail(resolved.cause());
                return;
            }
            InetAddress ip = resolved.result();
            run.detail("address", ip.getHostAddress());
            client(timeoutMillis).connect(SocketAddress.inetSocketAddress(new InetSocketAddress(ip, tcp.port())))
                    .onComplete(connected -> {
                        if (connected.failed()) {
                            run.fail(connected.cause());
                        } else {
                            talk(tcp, run, connected.result());
                        }
                    });
        }));
    }

    private void talk(TcpCheck tcp, ProbeRun run, NetSocket socket) {
        run.hold(socket::close);
        if (run.done()) {
            return;
        }
        if (tcp.expect() == null || tcp.expect().isEmpty()) {
            if (tcp.send() == null) {
                run.finish(HealthStatus.UP, "connected");
            } else {
                socket.write(tcp.send()).onComplete(written -> {
                    if (written.failed()) {
                        run.fail(written.cause());
                    } else {
                        run.finish(HealthStatus.UP, "connected, sent " + tcp.send().length() + " characters");
                    }
                });
            }
            return;
        }
        byte[] expected = tcp.expect().getBytes(StandardCharsets.UTF_8);
        Buffer received = Buffer.buffer();
        String missing = "no \"" + tcp.expect() + "\" in the first ";
        run.onTimeoutSay(() -> missing + received.length() + " bytes");
        socket.handler(chunk -> {
            if (run.done()) {
                return;
            }
            received.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_READ_BYTES - received.length()));
            if (indexOf(received.getBytes(), expected) >= 0) {
                run.finish(HealthStatus.UP, "\"" + tcp.expect() + "\" received");
            } else if (received.length() >= MAX_READ_BYTES) {
                run.finish(HealthStatus.DOWN, missing + received.length() + " bytes");
            }
        });
        socket.closeHandler(v -> run.finish(HealthStatus.DOWN, missing + received.length() + " bytes (connection closed)"));
        socket.exceptionHandler(run::fail);
        if (tcp.send() != null) {
            socket.write(tcp.send());
        }
    }

    private NetClient client(long connectTimeoutMillis) {
        return clients.computeIfAbsent(connectTimeoutMillis, ms -> vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, ms))));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @PreDestroy
    @Override
    public void close() {
        clients.values().forEach(NetClient::close);
        clients.clear();
    }
}
