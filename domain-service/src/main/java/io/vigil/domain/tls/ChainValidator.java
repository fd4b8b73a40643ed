package io.vigil.domain.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * PKIX path validation of a chain as a server sent it, against given trust anchors. A path is
 * <em>built</em> (the sent certificates are a pool, not an ordered path), because servers send
 * chains out of order, with the root, or with a stale extra intermediate, and clients cope.
 * Revocation is not checked: that would need network access the SSRF policy has not vetted.
 */
final class ChainValidator {

    private ChainValidator() {
    }

    /**
     * Why the chain does not lead to {@code trust}, or null when it does.
     *
     * @param at the validation date; the caller picks one inside the certificates' validity so that
     *     an expired certificate is reported once, as expired, and not again as an invalid chain
     */
    static String problem(List<X509Certificate> chain, TrustAnchors trust, Instant at) {
        if (trust.unreadable() != null) {
            return trust.unreadable();
        }
        X509Certificate leaf = chain.get(0);
        if (trust.contains(leaf)) {
            return null; // pinned: the certificate itself is trusted (a private self-signed one in a ca-bundle)
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trust.anchors(), target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return null;
        } catch (GeneralSecurityException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * A date every certificate of the chain is valid at, as close to {@code now} as possible; when
     * their windows do not overlap, one inside the leaf's.
     */
    static Instant validationDate(List<X509Certificate> chain, Instant now) {
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : chain) {
            from = max(from, c.getNotBefore().toInstant());
            until = min(until, c.getNotAfter().toInstant());
        }
        if (from.isAfter(until)) {
            from = chain.get(0).getNotBefore().toInstant();
            until = chain.get(0).getNotAfter().toInstant();
        }
        return max(from, min(until, now));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
