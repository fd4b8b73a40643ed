package io.vigil.domain.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a look at an endpoint (or a PEM file) yielded for the judgement: the chain as sent, leaf
 * first, and how the connection was made.
 *
 * @param protocol the negotiated protocol ({@code TLSv1.3}); empty for a file
 * @param cipher the negotiated cipher suite; empty for a file
 * @param address the IP connected to; empty for a file
 */
record Handshake(List<X509Certificate> chain, String protocol, String cipher, String address) {

    Handshake {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a handshake without a certificate");
        }
        chain = List.copyOf(chain);
        protocol = protocol == null ? "" : protocol;
        cipher = cipher == null ? "" : cipher;
        address = address == null ? "" : address;
    }

    static Handshake ofFile(List<X509Certificate> chain) {
        return new Handshake(chain, "", "", "");
    }
}
