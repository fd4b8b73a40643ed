package io.vigil.domain.tls;

import io.vigil.domain.check.SeenCertificate;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * What the checker reads off one X.509 certificate: names, key size, fingerprint, whether it signed
 * itself. One place, so that the judgement and the inventory ({@link SeenCertificate}) never
 * disagree about a certificate.
 */
final class CertificateFacts {

    /** subjectAltName entry types (RFC 5280 GeneralName tags). */
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateFacts() {
    }

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    static String issuer(X509Certificate cert) {
        return cert.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    static List<String> dnsSans(X509Certificate cert) {
        return sans(cert, SAN_DNS);
    }

    static List<String> ipSans(X509Certificate cert) {
        return sans(cert, SAN_IP);
    }

    /** DNS SANs then IP SANs, as the inventory lists them. */
    static List<String> allSans(X509Certificate cert) {
        List<String> all = new ArrayList<>(dnsSans(cert));
        all.addAll(ipSans(cert));
        return all;
    }

    private static List<String> sans(X509Certificate cert, int type) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = cert.getSubjectAlternativeNames();
            if (entries == null) {
                return names;
            }
            for (List<?> entry : entries) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer && (Integer) entry.get(0) == type
                        && entry.get(1) instanceof String) {
                    names.add((String) entry.get(1));
                }
            }
        } catch (CertificateParsingException unreadable) {
            // A SAN extension the JDK cannot parse covers no name; the hostname check then says so.
        }
        return names;
    }

    /** The most specific (last) CN of the subject; null when there is none. */
    static String commonName(X509Certificate cert) {
        try {
            String cn = null;
            // getRdns() runs from the least specific RDN to the most specific: the last CN wins.
            for (Rdn rdn : new LdapName(subject(cert)).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException unreadable) {
            return null;
        }
    }

    /** Issuer equals subject and the signature verifies with the certificate's own key. */
    static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException notItsOwnSignature) {
            return false;
        }
    }

    /** {@code RSA}, {@code EC}, {@code DSA}, {@code Ed25519}, {@code Ed448}, ... */
    static String keyAlgorithm(X509Certificate cert) {
        PublicKey key = cert.getPublicKey();
        if (key instanceof EdECKey) {
            // EdDSA keys say "EdDSA"; the curve's name is what tells Ed25519 from Ed448.
            return ((EdECKey) key).getParams().getName();
        }
        return key.getAlgorithm();
    }

    /** RSA modulus, DSA prime, EC field size, EdDSA curve size in bits; 0 when unknown. */
    static int keyBits(X509Certificate cert) {
        PublicKey key = cert.getPublicKey();
        if (key instanceof RSAPublicKey) {
            return ((RSAPublicKey) key).getModulus().bitLength();
        }
        if (key instanceof ECPublicKey) {
            return ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey && ((DSAPublicKey) key).getParams() != null) {
            return ((DSAPublicKey) key).getParams().getP().bitLength();
        }
        String algorithm = keyAlgorithm(cert);
        if ("Ed25519".equalsIgnoreCase(algorithm)) {
            return 255;
        }
        if ("Ed448".equalsIgnoreCase(algorithm)) {
            return 448;
        }
        return 0;
    }

    /**
     * Why a key is too weak to trust, or null: RSA and DSA below 2048 bits, EC below 256 (the
     * CA/Browser Forum's minimums; P-224 and smaller are out).
     */
    static String weakKey(X509Certificate cert) {
        String algorithm = keyAlgorithm(cert);
        int bits = keyBits(cert);
        boolean weak = ("RSA".equals(algorithm) || "DSA".equals(algorithm)) && bits > 0 && bits < 2048
                || "EC".equals(algorithm) && bits > 0 && bits < 256;
        return weak ? algorithm + " " + bits + " bits" : null;
    }

    static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e); // every JDK has SHA-256
        }
    }

    static SeenCertificate seen(int position, X509Certificate cert) {
        return new SeenCertificate(position, subject(cert), allSans(cert), issuer(cert),
                cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                sha256(cert), keyAlgorithm(cert), keyBits(cert), selfSigned(cert));
    }
}
