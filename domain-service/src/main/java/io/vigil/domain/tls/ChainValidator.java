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
     * Why the chain does not lead to {@code trust}, or null when it does. Dates are judged apart
     * (expired, not_yet_valid), so the path is built at a moment every watched certificate is valid;
     * when there is no such moment (a leaf that expired before a re-issued intermediate began), a
     * date-bound PKIX check could only fail for the reason already reported, so only the signatures
     * are followed to an anchor.
     *
     * @param watched the chain without the roots the server sent along (those are anchors, not links)
     */
    static String problem(List<X509Certificate> chain, List<X509Certificate> watched, TrustAnchors trust, Instant now) {
        if (trust.unreadable() != null) {
            return trust.unreadable();
        }
        X509Certificate leaf = chain.get(0);
        if (trust.contains(leaf)) {
            return null; // pinned: the certificate itself is trusted (a private self-signed one in a ca-bundle)
        }
        Instant at = commonMoment(watched, now);
        return at != null ? pkix(chain, trust, at) : signatures(chain, trust);
    }

    private static String pkix(List<X509Certificate> chain, TrustAnchors trust, Instant at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.get(0));
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

    /** Follows issuer names and signatures from the leaf through the sent certificates to an anchor. */
    private static String signatures(List<X509Certificate> chain, TrustAnchors trust) {
        X509Certificate current = chain.get(0);
        for (int depth = 0; depth <= chain.size(); depth++) {
            for (X509Certificate anchor : trust.certificates()) {
                if (signedBy(current, anchor)) {
                    return null;
                }
            }
            X509Certificate next = null;
            for (X509Certificate c : chain) {
                if (c != current && signedBy(current, c)) {
                    next = c;
                }
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        return "unable to find valid certification path to requested target (no signature path from "
                + CertificateFacts.subject(current) + " to a trusted CA)";
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The moment closest to {@code now} at which every certificate is valid; null when there is none. */
    static Instant commonMoment(List<X509Certificate> certs, Instant now) {
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : certs) {
            from = max(from, c.getNotBefore().toInstant());
            until = min(until, c.getNotAfter().toInstant());
        }
        return from.isAfter(until) ? null : max(from, min(until, now));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
