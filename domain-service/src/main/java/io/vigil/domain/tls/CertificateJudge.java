package io.vigil.domain.tls;

import io.vigil.domain.check.Observation;
import io.vigil.domain.check.SeenCertificate;
import io.vigil.domain.check.TlsReport;
import io.vigil.events.FindingStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a chain the way a careful client would, but says everything it finds instead of stopping
 * at the first failure: validity dates, trust (PKIX against the JDK's store or a ca-bundle), the
 * name, key sizes, the protocol and how soon the chain expires. Pure: the time and the trust anchors
 * come in, so every verdict is testable without a server.
 */
final class CertificateJudge {

    /** Protocols a finding warns about: everything before TLS 1.2 (RFC 8996 deprecates them). */
    private static final Set<String> OLD_PROTOCOLS = Set.of("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");

    private final int warningDays;
    private final int criticalDays;

    CertificateJudge(int warningDays, int criticalDays) {
        this.warningDays = warningDays;
        this.criticalDays = criticalDays;
    }

    /**
     * @param name the name the certificate must cover; null: none checked (a PEM file without server-name)
     */
    TlsReport judge(String subject, Handshake seen, String name, TrustAnchors trust, Instant now) {
        List<X509Certificate> chain = seen.chain();
        X509Certificate leaf = chain.get(0);
        // A root the server sends along is an anchor, not something that expires on the endpoint's watch.
        List<X509Certificate> watched = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (i == 0 || !CertificateFacts.selfSigned(chain.get(i))) {
                watched.add(chain.get(i));
            }
        }
        X509Certificate soonest = watched.get(0);
        for (X509Certificate c : watched) {
            if (c.getNotAfter().before(soonest.getNotAfter())) {
                soonest = c;
            }
        }
        Instant notAfter = soonest.getNotAfter().toInstant();
        long daysLeft = DaysLeft.of(now, notAfter);

        List<Problem> problems = new ArrayList<>();
        validity(watched, soonest, daysLeft, now, problems);
        trust(chain, watched, trust, now, problems);
        if (name != null && !covers(leaf, name)) {
            problems.add(Problem.fail(TlsCode.HOSTNAME_MISMATCH, "certificate " + CertificateFacts.subject(leaf)
                    + " does not cover " + name + " (it names " + names(leaf) + ")"));
        }
        for (X509Certificate c : watched) {
            String weak = CertificateFacts.weakKey(c);
            if (weak != null) {
                problems.add(Problem.fail(TlsCode.WEAK_KEY, "certificate " + CertificateFacts.subject(c)
                        + " has a weak key (" + weak + "; at least RSA 2048 or EC 256 expected)"));
                break;
            }
        }
        if (OLD_PROTOCOLS.contains(seen.protocol())) {
            problems.add(new Problem(TlsCode.PROTOCOL, FindingStatus.WARN,
                    "the server negotiated " + seen.protocol() + ", older than TLSv1.2"));
        }
        String problemCodes = problems.stream().map(p -> p.code().label()).distinct().collect(Collectors.joining(","));
        String expiresIn = "certificate " + CertificateFacts.subject(soonest) + " expires in " + days(daysLeft)
                + " (" + notAfter + ")";
        if (daysLeft > 0 && daysLeft <= warningDays) {
            problems.add(new Problem(TlsCode.EXPIRY,
                    daysLeft <= criticalDays ? FindingStatus.FAIL : FindingStatus.WARN, expiresIn));
        }
        Problem verdict = problems.stream().min(Problem.MOST_SERIOUS_FIRST)
                .orElse(new Problem(TlsCode.OK, FindingStatus.OK, expiresIn + "; chain, name and key are fine"));

        Map<String, String> details = new LinkedHashMap<>();
        details.put("days_left", Long.toString(daysLeft));
        details.put("leaf_days_left", Long.toString(DaysLeft.of(now, leaf.getNotAfter().toInstant())));
        details.put("not_after", notAfter.toString());
        details.put("expiring", CertificateFacts.subject(soonest));
        details.put("subject", CertificateFacts.subject(leaf));
        details.put("issuer", CertificateFacts.issuer(leaf));
        details.put("sans", String.join(",", CertificateFacts.allSans(leaf)));
        details.put("protocol", seen.protocol());
        details.put("cipher", seen.cipher());
        details.put("server_name", name == null ? "" : name);
        details.put("address", seen.address());
        details.put("problems", problemCodes);
        List<SeenCertificate> seenChain = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            seenChain.add(CertificateFacts.seen(i, chain.get(i)));
        }
        return new TlsReport(new Observation(Observation.TLS, subject, verdict.status(), verdict.code().label(),
                withOthers(verdict, problems), details), seenChain);
    }

    /** The finding for an endpoint that yielded no certificate: which step failed and why. */
    static TlsReport unreachable(String subject, Unreachable why, String serverName) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", why.step());
        details.put("server_name", serverName == null ? "" : serverName);
        details.put("address", why.address() == null ? "" : why.address());
        details.put("problems", TlsCode.UNREACHABLE.label());
        return new TlsReport(new Observation(Observation.TLS, subject, FindingStatus.FAIL,
                TlsCode.UNREACHABLE.label(), why.getMessage(), details), List.of());
    }

    private static void validity(List<X509Certificate> watched, X509Certificate soonest, long daysLeft, Instant now,
            List<Problem> problems) {
        if (daysLeft <= 0) {
            Instant notAfter = soonest.getNotAfter().toInstant();
            long ago = DaysLeft.ago(now, notAfter);
            problems.add(Problem.fail(TlsCode.EXPIRED, "certificate " + CertificateFacts.subject(soonest) + " expired "
                    + (ago == 0 ? "less than a day ago" : days(ago) + " ago") + " (" + notAfter + ")"));
        }
        for (X509Certificate c : watched) {
            Instant notBefore = c.getNotBefore().toInstant();
            if (notBefore.isAfter(now)) {
                problems.add(Problem.fail(TlsCode.NOT_YET_VALID, "certificate " + CertificateFacts.subject(c)
                        + " is not valid before " + notBefore + " (in " + days(DaysLeft.of(now, notBefore)) + ")"));
                return;
            }
        }
    }

    private static void trust(List<X509Certificate> chain, List<X509Certificate> watched, TrustAnchors trust,
            Instant now, List<Problem> problems) {
        X509Certificate leaf = chain.get(0);
        if (CertificateFacts.selfSigned(leaf) && !trust.contains(leaf)) {
            // Said as such rather than as an invalid chain: the fix is a CA-issued certificate, not the chain file.
            problems.add(Problem.fail(TlsCode.SELF_SIGNED, "certificate " + CertificateFacts.subject(leaf)
                    + " is self-signed and not in " + trust.description()));
            return;
        }
        String why = ChainValidator.problem(chain, watched, trust, now);
        if (why != null) {
            problems.add(Problem.fail(TlsCode.CHAIN_INVALID, "the chain of " + CertificateFacts.subject(leaf)
                    + " does not validate against " + trust.description() + ": " + why));
        }
    }

    private static boolean covers(X509Certificate leaf, String name) {
        return HostnameMatcher.matches(name, CertificateFacts.dnsSans(leaf), CertificateFacts.ipSans(leaf),
                CertificateFacts.commonName(leaf));
    }

    private static String names(X509Certificate leaf) {
        List<String> sans = CertificateFacts.allSans(leaf);
        if (!sans.isEmpty()) {
            return String.join(", ", sans);
        }
        String cn = CertificateFacts.commonName(leaf);
        return cn == null ? "no name at all" : "only CN " + cn;
    }

    /** The verdict's sentence, plus the other problems' codes so that one alert tells the whole story. */
    private static String withOthers(Problem verdict, List<Problem> problems) {
        String others = problems.stream().filter(p -> p != verdict).map(p -> p.code().label()).distinct()
                .collect(Collectors.joining(", "));
        return others.isEmpty() ? verdict.message() : verdict.message() + " (also: " + others + ")";
    }

    private static String days(long n) {
        return n + (n == 1 ? " day" : " days");
    }
}
