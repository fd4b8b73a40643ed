package io.vigil.health.guard;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into every address it has. The seam that lets a test make a name resolve to
 * 169.254.169.254 without a DNS server; production uses {@link SystemResolver}.
 */
@FunctionalInterface
public interface Resolver {

    /** All answers for {@code host} (never empty), or a failed future (UnknownHostException). */
    Future<List<InetAddress>> resolve(String host);
}
