package io.vigil.domain.tls;

import java.util.Locale;

/**
 * What a TLS finding can say, most serious first: when an endpoint has several problems the
 * finding's code is the first of them (among the FAILs before any WARN), the rest go to its
 * {@code problems} detail.
 */
enum TlsCode {
    UNREACHABLE,
    EXPIRED,
    NOT_YET_VALID,
    CHAIN_INVALID,
    SELF_SIGNED,
    HOSTNAME_MISMATCH,
    WEAK_KEY,
    PROTOCOL,
    /** Expires within the warning or critical days: the level comes from days_left, not from problems. */
    EXPIRY,
    OK;

    /** The code as findings spell it: {@code hostname_mismatch}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
