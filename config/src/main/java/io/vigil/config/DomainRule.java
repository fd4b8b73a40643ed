package io.vigil.config;

/**
 * {@code type: domain}: reads {@code domain-findings}, one alert per subject a domain-service run
 * looks at (a TLS endpoint, a record type on a resolver, the DDNS name), identified by the
 * finding's labels ({@code domain}, {@code kind}, {@code subject} and the domain's own). A failing
 * finding fires at once: findings come every few minutes and the domain-service already waits out
 * DNS propagation, so a for-duration would only delay the news.
 *
 * <ul>
 *   <li>{@code tls}: certificate expiry is judged here, from the finding's {@code days_left}: at or
 *       below {@code critical-days} critical, at or below {@code warning-days} a warning. Any other
 *       problem (the {@code problems} detail, or a FAIL whose code is not {@code expiry}: an invalid
 *       chain, a hostname mismatch, an unreachable endpoint) fires at {@code severity}; a protocol
 *       older than TLS 1.2 alone, the one TLS problem reported as WARN, is a warning (nothing with
 *       {@code warnings: ignore}). The alert takes the higher and changes severity as they change.</li>
 *   <li>{@code dns}, {@code ddns} (and any other kind): FAIL fires at {@code severity}; WARN
 *       (resolvers disagree, the public address could not be learnt) fires a warning when
 *       {@code warnings} is {@code warning} and counts as nothing when it is {@code ignore}.</li>
 *   <li>OK resolves; code {@code propagating} (a change younger than the old record's TTL) neither
 *       fires nor resolves; code {@code removed} (the domain or endpoint was deleted) resolves.</li>
 * </ul>
 *
 * <p>The alert-service adds {@link #defaultRule()} ({@link #DEFAULT_NAME}) for the findings that no
 * other domain rule selects, so that a domain alerts without anyone writing a rule. A rule named
 * {@code domain-problem} of this type replaces the built-in one (that is how the default is tuned)
 * and, like it, sees only the findings no other domain rule selects. Its summary may say
 * {@code {domain}}, {@code {subject}}, {@code {kind}}, {@code {code}}, {@code {status}},
 * {@code {message}} and a finding's details by name ({@code {days_left}}).
 *
 * @param warningDays certificate expiry warns at or below this many days left
 * @param criticalDays certificate expiry is critical at or below this many days left; below warningDays
 * @param severity {@code warning} or {@code critical}: of failures other than expiry
 * @param warnsOnWarn whether WARN findings (dns, ddns, an old TLS protocol) fire a warning ({@code warnings: warning})
 */
public record DomainRule(int warningDays, int criticalDays, String severity, boolean warnsOnWarn) implements RuleKind {

    public static final String TYPE = "domain";
    public static final String STREAM = "domain-findings";
    public static final String DEFAULT_NAME = "domain-problem";
    public static final int DEFAULT_WARNING_DAYS = 21;
    public static final int DEFAULT_CRITICAL_DAYS = 7;
    /** The most days a threshold can name: ten years, beyond any certificate's validity. */
    public static final int MAX_DAYS = 3650;

    public DomainRule {
        if (severity == null) {
            severity = "critical";
        }
        if (!severity.equals("warning") && !severity.equals("critical")) {
            throw new IllegalArgumentException("severity must be warning or critical");
        }
        if (criticalDays < 0 || warningDays > MAX_DAYS || criticalDays >= warningDays) {
            throw new IllegalArgumentException("need 0 <= critical-days < warning-days <= " + MAX_DAYS);
        }
    }

    /** The rule used for domains that no domain rule of the file or the API selects. */
    public static RuleConfig defaultRule() {
        DomainRule kind = new DomainRule(DEFAULT_WARNING_DAYS, DEFAULT_CRITICAL_DAYS, "critical", true);
        return new RuleConfig(DEFAULT_NAME, kind, null, null, new DomainRuleFormat().defaultSummary(kind), null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String stream() {
        return STREAM;
    }

    @Override
    public String metric() {
        return null;
    }
}
