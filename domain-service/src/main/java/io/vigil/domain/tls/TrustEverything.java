package io.vigil.domain.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any server chain and keeps it, so that a broken chain completes the handshake and is
 * judged ({@link CertificateJudge}) instead of ending in an exception that names one problem.
 * An X509<em>Extended</em>TrustManager on purpose: the JDK wraps a plain X509TrustManager in one
 * that still enforces algorithm constraints and would drop exactly the weak chains we must report.
 * Never used for anything but looking at certificates: nothing is sent after the handshake.
 */
final class TrustEverything extends X509ExtendedTrustManager {

    private volatile List<X509Certificate> chain = List.of();

    /** The chain the server presented, leaf first; empty before the server's Certificate message. */
    List<X509Certificate> chain() {
        return chain;
    }

    private void record(X509Certificate[] presented) {
        chain = presented == null ? List.of() : List.of(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) {
        record(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
        record(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType) {
        record(presented);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket) {
        throw new UnsupportedOperationException("the TLS checker is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("the TLS checker is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) {
        throw new UnsupportedOperationException("the TLS checker is never a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
