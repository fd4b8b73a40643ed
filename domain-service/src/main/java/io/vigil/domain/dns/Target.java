package io.vigil.domain.dns;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One server a check asks: the configured resolver, or one of the domain's NS servers when the
 * config says {@code authoritative}.
 *
 * @param label how subjects name it: {@code system}, {@code 1.1.1.1}, {@code authoritative(ns1.example.org)}
 * @param address null when it could not be found (an NS host without an address): {@link #problem} says why
 * @param authoritative whether it is one of the domain's own servers, whose answer is the record as it is now
 */
record Target(String label, InetSocketAddress address, boolean authoritative, String problem) {

    Target {
        Objects.requireNonNull(label, "label");
    }

    static Target at(String label, InetSocketAddress address, boolean authoritative) {
        return new Target(label, address, authoritative, null);
    }

    static Target unusable(String label, boolean authoritative, String problem) {
        return new Target(label, null, authoritative, problem);
    }
}
