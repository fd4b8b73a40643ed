package io.vigil.health.guard;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vigil.health.config.HealthSettings;
import io.vigil.support.net.TargetPolicy;
import io.vigil.support.net.TargetRefusedException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF policy of outbound checks (DESIGN §6): decides which address, if any, a check may
 * connect to for a host. Callers connect to the returned address itself, never to the name again,
 * so a second DNS answer cannot differ from the one that was checked.
 */
@Singleton
public class TargetGuard {

    /** The setting that lets checks reach loopback and private ranges. */
    public static final String ALLOW_PRIVATE_SETTING = "health.allow-private-targets";

    private final TargetPolicy policy;
    private final Resolver resolver;

    @Inject
    public TargetGuard(HealthSettings settings, Resolver resolver) {
        this(settings.allowPrivateTargets(), resolver);
    }

    public TargetGuard(boolean allowPrivateTargets, Resolver resolver) {
        this.policy = new TargetPolicy(allowPrivateTargets, ALLOW_PRIVATE_SETTING);
        this.resolver = resolver;
    }

    public boolean allowsPrivateTargets() {
        return policy.allowsPrivateTargets();
    }

    /**
     * The address to connect to for {@code host} (a name, an IP literal, or a bracketed IPv6 literal
     * as in URLs). Fails with {@link TargetRefusedException} when the policy refuses it, or with
     * {@link UnknownHostException} when the name does not resolve.
     */
    public Future<InetAddress> address(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(bare);
        if (literal != null) {
            // No lookup for a literal: the decision is on the address itself.
            return decide(bare, true, List.of(literal));
        }
        return resolver.resolve(bare).compose(answers -> decide(bare, false, answers));
    }

    private Future<InetAddress> decide(String host, boolean literal, List<InetAddress> answers) {
        try {
            return Future.succeededFuture(choose(host, literal, answers));
        } catch (TargetRefusedException | UnknownHostException e) {
            return Future.failedFuture(e);
        }
    }

    /** The decision over a host's answers ({@link TargetPolicy#choose}). */
    public InetAddress choose(String host, boolean literal, List<InetAddress> answers) throws UnknownHostException {
        return policy.choose(host, literal, answers);
    }
}
