package io.vigil.domain.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One certificate of a chain as it was seen at an endpoint or in a file: what the inventory
 * ({@code GET /api/certificates}) lists.
 *
 * @param position 0 for the leaf, 1.. for the intermediates (and a root, if the server sent one)
 * @param subject the subject DN (RFC 2253)
 * @param sans the DNS names and IP addresses of the subjectAltName extension
 * @param sha256 the certificate's SHA-256 fingerprint, lower-case hex: its identity in the inventory
 * @param keyAlgorithm {@code RSA}, {@code EC}, {@code Ed25519}, ...
 * @param keyBits the key's size (RSA modulus, EC field size); 0 when unknown
 * @param selfSigned issuer equals subject and the signature verifies with its own key
 */
public record SeenCertificate(int position, String subject, List<String> sans, String issuer, String serial,
        Instant notBefore, Instant notAfter, String sha256, String keyAlgorithm, int keyBits, boolean selfSigned) {

    public SeenCertificate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(sha256, "sha256");
        sans = sans == null ? List.of() : List.copyOf(sans);
    }
}
