package io.vigil.domain.dns;

import java.util.List;
import java.util.Objects;

/**
 * What one resolver said to one question, reduced to what the checks compare: the outcome, the
 * record values of the asked type in {@link RecordValues canonical form}, sorted, and the answer's
 * TTL. A query never fails: a timeout or a network error is an outcome too, so the callers judge
 * every resolver the same way.
 *
 * @param rcode the response code's mnemonic ({@code NOERROR}, {@code REFUSED}, ...); empty when no
 *     response came
 * @param ttl the smallest TTL in the answer section, seconds; -1 when it holds no records
 * @param error why there is no usable response (for {@link Outcome#TIMEOUT} and {@link Outcome#ERROR})
 */
record Answer(Outcome outcome, String rcode, List<String> values, long ttl, String error) {

    /** How a question ended. */
    enum Outcome {
        /** NOERROR: {@link #values} holds the records (possibly none: the name exists without that type). */
        RECORDS,
        NXDOMAIN,
        SERVFAIL,
        TIMEOUT,
        /** Another rcode (REFUSED, NOTIMP, ...) or a network error. */
        ERROR
    }

    Answer {
        Objects.requireNonNull(outcome, "outcome");
        rcode = rcode == null ? "" : rcode;
        values = values == null ? List.of() : List.copyOf(values);
        error = error == null ? "" : error;
    }

    static Answer timeout(String why) {
        return new Answer(Outcome.TIMEOUT, "", List.of(), -1, why);
    }

    static Answer error(String rcode, String why) {
        return new Answer(Outcome.ERROR, rcode, List.of(), -1, why);
    }

    /** A definite answer about the name: records (or none), or that it does not exist. */
    boolean answered() {
        return outcome == Outcome.RECORDS || outcome == Outcome.NXDOMAIN;
    }

    /** How agreement and messages show the answer: the values, {@code NXDOMAIN}, or {@code (no records)}. */
    String shown() {
        if (outcome == Outcome.NXDOMAIN) {
            return "NXDOMAIN";
        }
        return values.isEmpty() ? "(no records)" : String.join(", ", values);
    }
}
