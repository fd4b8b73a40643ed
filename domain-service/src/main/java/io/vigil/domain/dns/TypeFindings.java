package io.vigil.domain.dns;

import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.events.FindingStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The findings of one record type of one domain from every server's answer: one per server
 * ({@code A @1.1.1.1}), then one about whether the servers agree ({@code A}). Pure: the answers
 * come in, the observations go out, and only {@link Propagation} remembers anything.
 *
 * <p>Per server ({@code <TYPE> @<resolver>}): {@code match} (OK), {@code mismatch} (FAIL; also a
 * name without records of the type when only existence is checked), {@code propagating} (WARN),
 * {@code nxdomain}, {@code servfail}, {@code timeout}, {@code error} (FAIL; another rcode, a network
 * error, or a name server without an address). Details: {@code resolver}, {@code type},
 * {@code observed}, {@code expected}, {@code ttl}, {@code rcode}, and {@code expires_in} while
 * propagating. Per type ({@code <TYPE>}, only when two or more servers answered):
 * {@code agreement} (OK), {@code disagreement} or {@code propagating} (WARN), details
 * {@code answers} ({@code resolver=values; ...}). NXDOMAIN takes part only in agreement and is not
 * treated as propagation (a negative answer cached for a new name reports nxdomain).
 */
final class TypeFindings {

    private final String domain;
    private final String type;
    /** Null: no expectation, the check is that the name resolves (A answers exist). */
    private final List<DomainConfig.Expected> expected;
    private final Propagation propagation;

    TypeFindings(String domain, String type, List<DomainConfig.Expected> expected, Propagation propagation) {
        this.domain = domain;
        this.type = type;
        this.expected = expected;
        this.propagation = propagation;
    }

    List<Observation> observe(List<Asked> asked) {
        Map<Asked, Boolean> matching = new HashMap<>();
        for (Asked a : asked) {
            matching.put(a, expected != null && a.answered() && a.answer().outcome() == Answer.Outcome.RECORDS
                    && RecordValues.matches(type, expected, a.answer().values()));
        }
        List<Observation> out = new ArrayList<>();
        boolean propagating = false;
        for (Asked a : asked) {
            boolean othersMatch = asked.stream().anyMatch(o -> o != a && matching.get(o));
            Observation o = one(a, matching.get(a), othersMatch);
            propagating |= o.code().equals("propagating");
            out.add(o);
        }
        Observation agreement = agreement(asked, propagating);
        if (agreement != null) {
            out.add(agreement);
        }
        return out;
    }

    private Observation one(Asked a, boolean matches, boolean othersMatch) {
        Target target = a.target();
        String subject = type + " @" + target.label();
        String where = domain + " " + subject;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("resolver", target.label());
        details.put("type", type);
        if (expected != null) {
            details.put("expected", RecordValues.shown(expected));
        }
        if (target.problem() != null) {
            return fail(subject, "error", where + ": " + target.problem(), details);
        }
        Answer answer = a.answer();
        details.put("rcode", answer.rcode());
        switch (answer.outcome()) {
            case TIMEOUT:
                return fail(subject, "timeout", where + ": " + answer.error(), details);
            case SERVFAIL:
                return fail(subject, "servfail", where + ": the resolver answered SERVFAIL", details);
            case ERROR:
                return fail(subject, "error", where + ": " + answer.error(), details);
            case NXDOMAIN:
                details.put("observed", "NXDOMAIN");
                return fail(subject, "nxdomain", where + ": " + domain + " does not exist (NXDOMAIN)", details);
            default:
                break;
        }
        details.put("observed", String.join(", ", answer.values()));
        if (answer.ttl() >= 0) {
            details.put("ttl", Long.toString(answer.ttl()));
        }
        if (expected == null) {
            return answer.values().isEmpty()
                    ? fail(subject, "mismatch", where + ": " + domain + " has no " + type + " records", details)
                    : new Observation(Observation.DNS, subject, FindingStatus.OK, "match",
                            where + ": resolves to " + answer.shown(), details);
        }
        Propagation.Verdict verdict = propagation.judge(domain, type, target.label(), matches, othersMatch,
                answer.ttl());
        switch (verdict.kind()) {
            case MATCH:
                return new Observation(Observation.DNS, subject, FindingStatus.OK, "match",
                        where + " is " + answer.shown() + ", as expected", details);
            case PROPAGATING:
                details.put("ttl", Long.toString(verdict.ttl()));
                details.put("expires_in", Long.toString(Math.max(1, verdict.expiresIn().toSeconds())));
                return new Observation(Observation.DNS, subject, FindingStatus.WARN, "propagating",
                        where + " is still " + answer.shown() + " (expected " + RecordValues.shown(expected)
                                + "), other resolvers already have it: the old answer's TTL of " + verdict.ttl()
                                + " s ends in " + Math.max(1, verdict.expiresIn().toSeconds()) + " s",
                        details);
            default:
                return fail(subject, "mismatch", where + " is " + answer.shown() + " but expected "
                        + RecordValues.shown(expected), details);
        }
    }

    /**
     * Whether the servers that answered agree. Timeouts, SERVFAILs and errors are left out (they
     * have findings of their own and say nothing about the record); NXDOMAIN is an answer, and
     * differs from any records.
     */
    private Observation agreement(List<Asked> asked, boolean propagating) {
        List<Asked> answered = asked.stream().filter(Asked::answered).collect(Collectors.toList());
        if (answered.size() < 2) {
            return null;
        }
        String answers = answered.stream().map(a -> a.target().label() + "=" + a.answer().shown())
                .collect(Collectors.joining("; "));
        Map<String, String> details = Map.of("type", type, "answers", answers);
        long distinct = answered.stream().map(a -> a.answer().shown()).distinct().count();
        if (distinct == 1) {
            return new Observation(Observation.DNS, type, FindingStatus.OK, "agreement",
                    domain + " " + type + ": all " + answered.size() + " resolvers answer "
                            + answered.get(0).answer().shown(), details);
        }
        if (propagating) {
            return new Observation(Observation.DNS, type, FindingStatus.WARN, "propagating",
                    domain + " " + type + ": a change is propagating, resolvers still differ: " + answers, details);
        }
        return new Observation(Observation.DNS, type, FindingStatus.WARN, "disagreement",
                domain + " " + type + ": resolvers disagree: " + answers, details);
    }

    private static Observation fail(String subject, String code, String message, Map<String, String> details) {
        return new Observation(Observation.DNS, subject, FindingStatus.FAIL, code, message, details);
    }
}
