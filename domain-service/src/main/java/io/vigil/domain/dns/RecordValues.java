package io.vigil.domain.dns;

import io.netty.util.NetUtil;
import io.vigil.config.DomainConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The text a record value is compared and shown as, and what "the answer matches the expectation"
 * means. Observed records and exact expected values are brought to the same canonical text, so
 * that {@code expect: {CNAME: [WWW.example.org]}} matches {@code www.example.org.}:
 * <ul>
 * <li>A: the dotted quad; AAAA: the RFC 5952 form ({@code 2001:db8::1}, lower case, zeros compressed);</li>
 * <li>CNAME, NS: the name, lower case, with the trailing dot;</li>
 * <li>MX: {@code <preference> <exchange>}, the exchange as a name above ({@code 10 mail.example.org.});</li>
 * <li>TXT: the record's strings concatenated without quotes or separators (the way SPF and DKIM
 *     read a value split into 255-byte strings);</li>
 * <li>CAA: {@code <flags> <tag> "<value>"} ({@code 0 issue "letsencrypt.org"}), tag in lower case;</li>
 * <li>any other type: dnsjava's presentation form.</li>
 * </ul>
 * Exact values compare as equal canonical text (TXT and CAA values case-sensitively: a DKIM key's
 * case matters). A regex is matched against the observed canonical text and, for a name, also
 * against it without the trailing dot, so neither spelling surprises the writer of the regex.
 */
final class RecordValues {

    private RecordValues() {
    }

    /** The canonical text of an observed record. */
    static String canonical(Record r) {
        if (r instanceof ARecord a) {
            return address(a.getAddress());
        }
        if (r instanceof AAAARecord aaaa) {
            return address(aaaa.getAddress());
        }
        if (r instanceof CNAMERecord cname) {
            return name(cname.getTarget().toString());
        }
        if (r instanceof NSRecord ns) {
            return name(ns.getTarget().toString());
        }
        if (r instanceof MXRecord mx) {
            return mx.getPriority() + " " + name(mx.getTarget().toString());
        }
        if (r instanceof TXTRecord txt) {
            return String.join("", txt.getStrings());
        }
        if (r instanceof CAARecord caa) {
            return caa(caa.getFlags(), caa.getTag(), caa.getValue());
        }
        return r.rdataToString();
    }

    /** The canonical text of a value as written in the config; unchanged when it does not parse as its type. */
    static String canonical(String type, String text) {
        String t = text.trim();
        switch (type) {
            case "A":
            case "AAAA":
                InetAddress ip = NetUtil.createInetAddressFromIpAddressString(t);
                return ip == null ? t : address(ip);
            case "CNAME":
            case "NS":
                return name(t);
            case "MX":
                String[] parts = t.split("\\s+");
                return parts.length == 2 ? parts[0].replaceFirst("^0+(?=\\d)", "") + " " + name(parts[1]) : t;
            case "CAA":
                String[] caa = t.split("\\s+", 3);
                if (caa.length == 3) {
                    String value = caa[2].startsWith("\"") && caa[2].endsWith("\"") && caa[2].length() >= 2
                            ? caa[2].substring(1, caa[2].length() - 1) : caa[2];
                    int flags = parseInt(caa[0], -1);
                    return flags < 0 ? t : caa(flags, caa[1], value);
                }
                return t;
            default:
                return t;
        }
    }

    /**
     * Whether the answer set is the expected set: every observed value matches some expected one
     * and every expected value matches some observed one.
     */
    static boolean matches(String type, List<DomainConfig.Expected> expected, List<String> observed) {
        if (observed.isEmpty()) {
            return false;
        }
        for (String o : observed) {
            if (expected.stream().noneMatch(e -> matches(type, e, o))) {
                return false;
            }
        }
        for (DomainConfig.Expected e : expected) {
            if (observed.stream().noneMatch(o -> matches(type, e, o))) {
                return false;
            }
        }
        return true;
    }

    /** Whether one observed canonical value satisfies one expected value. */
    static boolean matches(String type, DomainConfig.Expected expected, String observed) {
        if (expected.regex() != null) {
            return expected.regex().matcher(observed).matches()
                    || isName(type) && observed.endsWith(".")
                            && expected.regex().matcher(observed.substring(0, observed.length() - 1)).matches();
        }
        return canonical(type, expected.exact()).equals(observed);
    }

    /** The expected values as details and messages show them ({@code ~regex} for a pattern). */
    static String shown(List<DomainConfig.Expected> expected) {
        return expected.stream().map(DomainConfig.Expected::toString).collect(Collectors.joining(", "));
    }

    private static boolean isName(String type) {
        return type.equals("CNAME") || type.equals("NS") || type.equals("MX");
    }

    static String name(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    static String address(InetAddress ip) {
        return NetUtil.toAddressString(ip);
    }

    private static String caa(int flags, String tag, String value) {
        return flags + " " + tag.toLowerCase(Locale.ROOT) + " \"" + value + "\"";
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
