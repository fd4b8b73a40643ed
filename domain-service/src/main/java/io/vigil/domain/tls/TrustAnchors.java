package io.vigil.domain.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs a chain must lead to: the JDK's trust store (what a Java client would trust, honouring
 * {@code javax.net.ssl.trustStore}), or an endpoint's {@code ca-bundle} for private CAs.
 *
 * @param description how messages name them: {@code the JDK's trust store} or {@code ca-bundle /etc/ca.pem}
 * @param unreadable why the bundle could not be read (nothing validates against it); null when it could
 */
record TrustAnchors(Set<TrustAnchor> anchors, Set<X509Certificate> certificates, String description,
        String unreadable) {

    /** Read once: the JDK's store does not change while the service runs. */
    private static final class Jdk {
        static final TrustAnchors INSTANCE = load();

        private static TrustAnchors load() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager) {
                        return of(Set.of(((X509TrustManager) tm).getAcceptedIssuers()), "the JDK's trust store");
                    }
                }
                throw new IllegalStateException("the JDK offers no X509TrustManager");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the JDK's trust store", e);
            }
        }
    }

    static TrustAnchors jdk() {
        return Jdk.INSTANCE;
    }

    /**
     * The CAs of a PEM bundle. One that cannot be read still yields anchors, empty and saying why:
     * the endpoint's chain is then invalid for that reason, while its expiry, name and key are still
     * judged (a typo in a ca-bundle path must not hide a certificate about to expire).
     */
    static TrustAnchors bundle(Path file) {
        try {
            return of(new HashSet<>(PemCertificates.read(file)), "ca-bundle " + file);
        } catch (IOException | RuntimeException e) {
            return new TrustAnchors(Set.of(), Set.of(), "ca-bundle " + file, "cannot read it: " + e.getMessage());
        }
    }

    private static TrustAnchors of(Set<X509Certificate> certs, String description) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : certs) {
            anchors.add(new TrustAnchor(c, null));
        }
        return new TrustAnchors(Set.copyOf(anchors), Set.copyOf(certs), description, null);
    }

    boolean contains(X509Certificate cert) {
        return certificates.contains(cert);
    }
}
