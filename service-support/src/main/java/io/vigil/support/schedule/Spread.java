package io.vigil.support.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where in its interval a job (a check, a domain) first runs: a stable offset from its name, so that 10,000 checks
 * with a 60 s interval start ~167 a second instead of all at once (no thundering herd), and a
 * restart keeps each job's phase.
 */
public final class Spread {

    private Spread() {
    }

    /** An offset in {@code [0, interval)}, the same for the same name and interval. */
    public static Duration offset(String name, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        // FNV-1a over the UTF-8 bytes: String.hashCode() clusters for names that differ only at the end
        // (check-0001, check-0002, ...), which would bunch their start times together.
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return Duration.ofMillis(Math.floorMod(h, millis));
    }
}
