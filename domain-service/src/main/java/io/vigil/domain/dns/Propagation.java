package io.vigil.domain.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory that tells a change still propagating from a wrong record. A resolver that returns a
 * mismatching answer while another resolver (or the domain's own servers) already returns the
 * expected one most likely still holds the old record in its cache: for as long as that answer's
 * TTL, counted from the first time it was seen, the mismatch is {@link Verdict.Kind#PROPAGATING}
 * (WARN); afterwards the cache should have expired, so it is {@link Verdict.Kind#MISMATCH}. A match
 * forgets it. A mismatch that no resolver contradicts is a plain mismatch from the start: nothing
 * suggests a change on its way.
 *
 * <p>State lives in memory per domain, type and resolver; a restart forgets it (at worst a cache
 * that lags reports mismatch one TTL too early).
 */
final class Propagation {

    private final Clock clock;
    private final Map<String, Map<Key, Since>> domains = new ConcurrentHashMap<>();

    Propagation(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The verdict on one resolver's answer for one type, remembering what the next run needs.
     *
     * @param matches whether this resolver's answer matches the expectation
     * @param othersMatch whether another resolver's answer, in the same run, matches it
     * @param ttl the TTL of this resolver's (mismatching) answer, seconds
     */
    Verdict judge(String domain, String type, String resolver, boolean matches, boolean othersMatch, long ttl) {
        Map<Key, Since> kept = domains.computeIfAbsent(domain, d -> new ConcurrentHashMap<>());
        Key key = new Key(type, resolver);
        if (matches) {
            kept.remove(key);
            return Verdict.MATCH;
        }
        Instant now = clock.instant();
        Since since = kept.get(key);
        if (since == null) {
            if (!othersMatch || ttl <= 0) {
                return Verdict.MISMATCH;
            }
            since = new Since(now, ttl);
            kept.put(key, since);
        }
        Duration left = Duration.ofSeconds(since.ttl()).minus(Duration.between(since.at(), now));
        return left.isNegative() || left.isZero() ? Verdict.MISMATCH : new Verdict(Verdict.Kind.PROPAGATING, since.ttl(), left);
    }

    /** Drops what is kept for (type, resolver) pairs of {@code domain} not in {@code current}: removed from its config. */
    void retain(String domain, Set<Key> current) {
        Map<Key, Since> kept = domains.get(domain);
        if (kept != null) {
            kept.keySet().retainAll(current);
        }
    }

    /** Drops everything kept for a deleted domain. */
    void forget(String domain) {
        domains.remove(domain);
    }

    /** One record type on one resolver. */
    record Key(String type, String resolver) {
    }

    /** When the mismatch was first seen next to a match, and the TTL of the answer then. */
    private record Since(Instant at, long ttl) {
    }

    /**
     * What a resolver's answer is judged to be.
     *
     * @param ttl for PROPAGATING: the TTL the old answer had when first seen
     * @param expiresIn for PROPAGATING: how long until it should have expired everywhere
     */
    record Verdict(Kind kind, long ttl, Duration expiresIn) {

        static final Verdict MATCH = new Verdict(Kind.MATCH, 0, Duration.ZERO);
        static final Verdict MISMATCH = new Verdict(Kind.MISMATCH, 0, Duration.ZERO);

        /** The three possible verdicts. */
        enum Kind {
            MATCH, PROPAGATING, MISMATCH
        }
    }
}
