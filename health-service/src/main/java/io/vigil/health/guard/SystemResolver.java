package io.vigil.health.guard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.List;

/**
 * The production {@link Resolver}: the JDK's resolver ({@link InetAddress#getAllByName}) run on a
 * small worker pool of its own.
 *
 * <p>Why not Vert.x' asynchronous resolver ({@code VertxInternal#resolveAddress})? It hands back
 * one address, and the guard must see every answer to refuse a name that mixes a public address
 * with 169.254.169.254 (DNS rebinding). The JDK resolver also honours /etc/hosts and nsswitch the
 * way the rest of the machine does, and caches positive answers (30 s by default), so most lookups
 * never reach a worker's blocking call. The pool is separate from Vert.x' shared worker pool so a
 * dead DNS server slows checks down, not the service's other blocking work; each check's own
 * timeout still bounds how long it waits.
 */
@Singleton
public class SystemResolver implements Resolver, AutoCloseable {

    static final int POOL_SIZE = 16;

    private final WorkerExecutor workers;

    @Inject
    public SystemResolver(Vertx vertx) {
        this.workers = vertx.createSharedWorkerExecutor("vigil-dns", POOL_SIZE);
    }

    @Override
    public Future<List<InetAddress>> resolve(String host) {
        // Unordered: lookups for different checks run side by side.
        return workers.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }

    @PreDestroy
    @Override
    public void close() {
        workers.close();
    }
}
