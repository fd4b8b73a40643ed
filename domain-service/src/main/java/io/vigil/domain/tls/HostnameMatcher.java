package io.vigil.domain.tls;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate covers a name, by the rules of RFC 6125 as browsers apply them: DNS names
 * against DNS SANs, a wildcard only as the whole left-most label and matching exactly one label, an
 * IP literal only against IP SANs, and the subject CN only when the certificate has no SANs at all
 * (a CN next to SANs is ignored, as clients have done since RFC 2818).
 */
final class HostnameMatcher {

    private HostnameMatcher() {
    }

    /**
     * @param name the name the client asked for (a DNS name or an IP literal)
     * @param dnsSans the certificate's DNS SANs
     * @param ipSans the certificate's IP SANs, as text
     * @param commonName the subject's (most specific) CN; null when it has none
     */
    static boolean matches(String name, List<String> dnsSans, List<String> ipSans, String commonName) {
        InetAddress ip = literal(name);
        boolean noSans = dnsSans.isEmpty() && ipSans.isEmpty();
        if (ip != null) {
            for (String san : ipSans) {
                if (ip.equals(literal(san))) {
                    return true;
                }
            }
            return noSans && commonName != null && ip.equals(literal(commonName));
        }
        String reference = normalise(name);
        if (reference.isEmpty()) {
            return false;
        }
        for (String san : dnsSans) {
            if (matchesPattern(reference, normalise(san))) {
                return true;
            }
        }
        return noSans && commonName != null && matchesPattern(reference, normalise(commonName));
    }

    /** The address {@code text} spells when it is an IP literal (no lookup); null otherwise. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return NetUtil.createInetAddressFromIpAddressString(bare);
    }

    private static boolean matchesPattern(String reference, String pattern) {
        if (pattern.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            // A '*' anywhere else (f*.example.org, www.*.org) is not honoured: CAs may not issue
            // those and browsers refuse them, so a certificate relying on one is a mismatch.
            return !pattern.contains("*") && pattern.equals(reference);
        }
        String suffix = pattern.substring(1); // ".example.org"
        // At least two labels after the wildcard: "*.org" would cover a whole TLD.
        if (suffix.indexOf('.', 1) < 0 || suffix.contains("*")) {
            return false;
        }
        if (!reference.endsWith(suffix)) {
            return false;
        }
        String label = reference.substring(0, reference.length() - suffix.length());
        // Exactly one non-empty label: *.example.org covers www.example.org, not example.org or a.b.example.org.
        return !label.isEmpty() && !label.contains(".");
    }

    /**
     * Lower case, no trailing dot, Unicode labels as their A-labels, so that {@code WWW.Example.org.}
     * and {@code bücher.example} compare as certificates spell them.
     */
    private static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        try {
            return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAName) {
            return n;
        }
    }
}
