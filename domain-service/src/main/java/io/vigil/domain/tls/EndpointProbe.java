package io.vigil.domain.tls;

import io.vigil.config.DomainConfig;
import io.vigil.support.net.TargetPolicy;
import io.vigil.support.net.TargetRefusedException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Looks at one TLS endpoint with blocking JDK sockets: resolves the host and lets the SSRF policy
 * pick the address, connects to that address (never to the name again, so a second lookup cannot
 * swap in an address the policy did not see), runs STARTTLS when asked, and completes a handshake
 * that accepts any chain, so the chain can be judged whatever is wrong with it.
 */
final class EndpointProbe {

    private final TargetPolicy policy;
    private final Duration timeout;

    /** @param timeout for connect, STARTTLS and handshake together */
    EndpointProbe(TargetPolicy policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
    }

    /** The chain and connection facts of {@code tls}'s endpoint, or why there are none. */
    Handshake look(DomainConfig.Tls tls) throws Unreachable {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress address = choose(tls.host());
        String ip = address.getHostAddress();
        String target = (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + tls.port();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address, tls.port()), millisLeft(deadline));
            } catch (SocketTimeoutException e) {
                throw new Unreachable("connect", ip, "connect to " + target + " timed out after " + timeout.toSeconds() + "s");
            } catch (IOException e) {
                throw new Unreachable("connect", ip, "connect to " + target + " failed: " + e.getMessage());
            }
            if (tls.starttls() != null) {
                try {
                    StartTls.negotiate(tls.starttls(), socket, deadline);
                } catch (SocketTimeoutException e) {
                    throw new Unreachable("starttls", ip, "STARTTLS (" + tls.starttls() + ") at " + target
                            + " timed out after " + timeout.toSeconds() + "s");
                } catch (IOException e) {
                    throw new Unreachable("starttls", ip, "STARTTLS (" + tls.starttls() + ") at " + target + " failed: "
                            + e.getMessage());
                }
            }
            String name = tls.serverName() != null ? tls.serverName() : tls.host();
            return handshake(socket, name, tls.port(), ip, target, deadline);
        } catch (IOException closing) {
            throw new Unreachable("connect", ip, "connection to " + target + " failed: " + closing.getMessage());
        }
    }

    private InetAddress choose(String host) throws Unreachable {
        InetAddress literal = HostnameMatcher.literal(host);
        try {
            if (literal != null) {
                return policy.choose(host, true, List.of(literal));
            }
            return policy.choose(host, false, List.of(InetAddress.getAllByName(host)));
        } catch (TargetRefusedException e) {
            throw new Unreachable("refused", e.address().getHostAddress(), e.getMessage());
        } catch (UnknownHostException e) {
            throw new Unreachable("resolve", null, "cannot resolve " + host + ": " + e.getMessage());
        }
    }

    private Handshake handshake(Socket socket, String name, int port, String ip, String target, long deadline)
            throws Unreachable {
        TrustEverything recorder = new TrustEverything();
        try {
            // A context per look: no session cache, so every look is a full handshake that shows
            // the certificate the server has now, not the one of a resumed session.
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            boolean ipName = HostnameMatcher.literal(name) != null;
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, ipName ? ip : name, port, true);
            SSLParameters params = ssl.getSSLParameters();
            List<SNIServerName> sni = ipName ? List.of() : List.of(new SNIHostName(stripDot(name)));
            params.setServerNames(sni); // RFC 6066 forbids IP literals in SNI
            params.setEndpointIdentificationAlgorithm(null); // the judge checks the name, and says so
            ssl.setSSLParameters(params);
            ssl.setUseClientMode(true);
            ssl.setSoTimeout(millisLeft(deadline));
            ssl.startHandshake();
            SSLSession session = ssl.getSession();
            List<X509Certificate> chain = recorder.chain().isEmpty() ? x509(session.getPeerCertificates())
                    : recorder.chain();
            return new Handshake(chain, session.getProtocol(), session.getCipherSuite(), ip);
        } catch (SocketTimeoutException e) {
            throw new Unreachable("handshake", ip, "TLS handshake with " + target + " timed out after "
                    + timeout.toSeconds() + "s");
        } catch (IllegalArgumentException e) {
            throw new Unreachable("handshake", ip, "'" + name + "' cannot be sent as SNI: " + e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            throw new Unreachable("handshake", ip, "TLS handshake with " + target + " failed: " + e.getMessage()
                    + hint(e));
        }
    }

    /** What a bare JSSE message usually means for someone reading the alert. */
    private static String hint(Exception e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("unrecognized ssl message") || m.contains("plaintext connection")) {
            return " (the port speaks plain text: does it need starttls?)";
        }
        if (e instanceof SSLException && (m.contains("protocol_version") || m.contains("no appropriate protocol"))) {
            return " (the server may offer only protocols older than TLSv1.2, which this JVM refuses)";
        }
        return "";
    }

    private static List<X509Certificate> x509(Certificate[] certs) throws SSLException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : certs) {
            if (c instanceof X509Certificate) {
                chain.add((X509Certificate) c);
            }
        }
        if (chain.isEmpty()) {
            throw new SSLException("the server sent no X.509 certificate");
        }
        return chain;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("no time left");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
