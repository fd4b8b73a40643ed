package io.vigil.domain.tls;

import io.vigil.events.FindingStatus;
import java.util.Comparator;

/** One thing wrong with an endpoint's certificates (or with reaching it), with the sentence an alert shows. */
record Problem(TlsCode code, FindingStatus status, String message) {

    /** FAIL before WARN, then by the code's rank: the first is the finding's code. */
    static final Comparator<Problem> MOST_SERIOUS_FIRST = Comparator
            .comparing((Problem p) -> p.status() != FindingStatus.FAIL)
            .thenComparing(Problem::code);

    static Problem fail(TlsCode code, String message) {
        return new Problem(code, FindingStatus.FAIL, message);
    }
}
