package io.vigil.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The SSRF policy of outbound connections (DESIGN §6) as a decision over the addresses a host
 * resolved to: link-local and cloud-metadata addresses are always refused, loopback and private
 * ranges only when the service's setting allows them. Each service that connects to targets an
 * admin names (health checks, TLS endpoints, address sources) decides with one of these.
 */
public final class TargetPolicy {

    private static final Logger LOG = Logger.getLogger(TargetPolicy.class);

    private final boolean allowPrivateTargets;
    private final String setting;

    /** @param setting the property that allows private targets, named in refusals ({@code health.allow-private-targets}) */
    public TargetPolicy(boolean allowPrivateTargets, String setting) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.setting = setting;
    }

    public boolean allowsPrivateTargets() {
        return allowPrivateTargets;
    }

    /**
     * The decision itself: refused when ANY answer is never allowed (a name that also resolves to
     * a metadata address is an attack, whichever answer a client would pick); otherwise the first
     * allowed answer; refused when every answer is private and private targets are off.
     *
     * @param literal whether {@code host} was an IP literal (the refusal then says so)
     */
    public InetAddress choose(String host, boolean literal, List<InetAddress> answers) throws UnknownHostException {
        if (answers == null || answers.isEmpty()) {
            throw new UnknownHostException(host + ": no address");
        }
        for (InetAddress a : answers) {
            AddressClass c = AddressClass.of(a);
            if (c.neverAllowed()) {
                throw refused(host, literal, a, c);
            }
        }
        for (InetAddress a : answers) {
            AddressClass c = AddressClass.of(a);
            if (!c.isPrivate() || allowPrivateTargets) {
                return a;
            }
        }
        InetAddress first = answers.get(0);
        throw refused(host, literal, first, AddressClass.of(first));
    }

    private TargetRefusedException refused(String host, boolean literal, InetAddress a, AddressClass c) {
        String ip = a.getHostAddress();
        String reason;
        if (c.neverAllowed()) {
            reason = (literal ? ip : host + " resolves to " + ip) + " (" + c.label() + ", never allowed)";
        } else {
            reason = (literal ? ip + " is " : host + " resolves to " + ip + ", ") + c.label()
                    + " (set " + setting + "=true to allow)";
        }
        LOG.debugf("target refused host=%s address=%s class=%s", host, ip, c);
        return new TargetRefusedException(host, a, c, reason);
    }
}
