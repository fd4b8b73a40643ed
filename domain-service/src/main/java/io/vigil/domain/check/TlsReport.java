package io.vigil.domain.check;

import java.util.List;
import java.util.Objects;

/**
 * One TLS endpoint's (or PEM file's) run: the finding and the chain it was based on, leaf first
 * (empty when no certificate was obtained: refused, timed out, no TLS).
 */
public record TlsReport(Observation observation, List<SeenCertificate> chain) {

    public TlsReport {
        Objects.requireNonNull(observation, "observation");
        chain = chain == null ? List.of() : List.copyOf(chain);
    }
}
