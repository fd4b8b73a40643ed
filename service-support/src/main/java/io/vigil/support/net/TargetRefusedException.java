package io.vigil.support.net;

import java.net.InetAddress;

/**
 * An outbound target (a check's, a redirect's, a TLS endpoint) that the SSRF policy refuses. The message is meant for the
 * check's result as it stands: {@code refused: 10.0.0.5 is a private address (set ...)}.
 */
public final class TargetRefusedException extends RuntimeException {

    private final String host;
    private final InetAddress address;
    private final AddressClass addressClass;
    private final String reason;

    public TargetRefusedException(String host, InetAddress address, AddressClass addressClass, String reason) {
        super("refused: " + reason, null, false, false); // an expected verdict: no stack trace
        this.host = host;
        this.address = address;
        this.addressClass = addressClass;
        this.reason = reason;
    }

    /** The host as the check (or the redirect) names it. */
    public String host() {
        return host;
    }

    /** The address that decided the refusal. */
    public InetAddress address() {
        return address;
    }

    public AddressClass addressClass() {
        return addressClass;
    }

    /** The message without its {@code refused: } prefix, for callers that say what was refused. */
    public String reason() {
        return reason;
    }
}
