package io.vigil.domain.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * What an address source said the public address is: one address from an HTTP source, up to one
 * IPv4 and one IPv6 address from an interface, or why it could not tell.
 *
 * @param source how findings name the source: the URL, or {@code interface:eth0}
 * @param failure null when {@code addresses} holds at least one address
 */
record PublicAddress(String source, List<InetAddress> addresses, String failure) {

    PublicAddress {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    static PublicAddress of(String source, List<InetAddress> addresses) {
        return new PublicAddress(source, addresses, null);
    }

    static PublicAddress failed(String source, String why) {
        return new PublicAddress(source, List.of(), why);
    }
}
