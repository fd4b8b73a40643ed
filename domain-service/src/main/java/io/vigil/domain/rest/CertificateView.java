package io.vigil.domain.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.domain.store.FindingStore.StoredCertificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One certificate of the inventory: what it is (subject, SANs, issuer, key), when it expires and
 * how many days that leaves, and where it was seen (the domain, the endpoint or file, its place in
 * the chain: 0 is the leaf).
 */
public record CertificateView(String subject, List<String> sans, String issuer, String serial,
        @JsonProperty("not_before") Instant notBefore, @JsonProperty("not_after") Instant notAfter,
        @JsonProperty("days_left") long daysLeft, String sha256, @JsonProperty("key_algorithm") String keyAlgorithm,
        @JsonProperty("key_bits") int keyBits, @JsonProperty("self_signed") boolean selfSigned, String domain,
        @JsonProperty("seen_at") String location, int position, @JsonProperty("last_seen") Instant lastSeen) {

    static CertificateView of(StoredCertificate s, Clock clock) {
        var c = s.certificate();
        // Whole days, rounded up as the findings count them: 4 d 23 h left is "5 days".
        long seconds = c.notAfter().getEpochSecond() - clock.instant().getEpochSecond();
        long days = (long) Math.ceil(seconds / 86_400.0);
        return new CertificateView(c.subject(), c.sans(), c.issuer(), c.serial(), c.notBefore(), c.notAfter(), days,
                c.sha256(), c.keyAlgorithm(), c.keyBits(), c.selfSigned(), s.domain(), s.location(), c.position(),
                s.seenAt());
    }
}
