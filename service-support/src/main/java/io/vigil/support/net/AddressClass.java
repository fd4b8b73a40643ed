package io.vigil.support.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What kind of address a check (health, domain) is about to connect to, as the SSRF policy sees it (DESIGN §6):
 * some kinds are never reachable by a check, private ones only when the admin allows them.
 */
public enum AddressClass {
    PUBLIC(Policy.ALLOWED, "a public address"),
    LOOPBACK(Policy.PRIVATE, "a loopback address"),
    PRIVATE(Policy.PRIVATE, "a private address"),
    /** 100.64.0.0/10, RFC 6598: addresses inside a provider's network, as private as 10/8 for us. */
    CARRIER_GRADE_NAT(Policy.PRIVATE, "a carrier-grade NAT address"),
    UNIQUE_LOCAL(Policy.PRIVATE, "a unique-local (private) address"),
    /** 169.254.0.0/16: where every large cloud puts its metadata service, hence the label. */
    LINK_LOCAL_V4(Policy.NEVER, "link-local/cloud metadata"),
    LINK_LOCAL(Policy.NEVER, "link-local"),
    CLOUD_METADATA(Policy.NEVER, "cloud metadata"),
    UNSPECIFIED(Policy.NEVER, "unspecified/this-network"),
    MULTICAST(Policy.NEVER, "multicast"),
    BROADCAST(Policy.NEVER, "broadcast"),
    RESERVED(Policy.NEVER, "reserved");

    /** Whether a class may be connected to. */
    enum Policy { ALLOWED, PRIVATE, NEVER }

    /**
     * Metadata services outside 169.254/16 (which is refused as a whole anyway): Alibaba Cloud,
     * Oracle Cloud's secondary address, AWS' IPv6 instance metadata endpoint.
     */
    private static final byte[][] METADATA = {
        bytes("100.100.100.200"), bytes("192.0.0.192"), bytes("fd00:ec2::254"),
    };

    private final Policy policy;
    private final String label;

    AddressClass(Policy policy, String label) {
        this.policy = policy;
        this.label = label;
    }

    /** True for the classes no setting allows (link-local, metadata, multicast, ...). */
    public boolean neverAllowed() {
        return policy == Policy.NEVER;
    }

    /** True for loopback and private ranges, allowed only with {@code health.allow-private-targets}. */
    public boolean isPrivate() {
        return policy == Policy.PRIVATE;
    }

    /** How messages name the class, e.g. {@code link-local/cloud metadata} or {@code a private address}. */
    public String label() {
        return label;
    }

    /**
     * The class of {@code address}. IPv6 forms that carry an IPv4 address (mapped {@code ::ffff:a.b.c.d},
     * the old compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are
     * judged by that IPv4 address, since that is where the packets end up.
     */
    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        for (byte[] m : METADATA) {
            if (Arrays.equals(b, m)) {
                return CLOUD_METADATA;
            }
        }
        return b.length == 4 ? ipv4(b) : ipv6(b);
    }

    private static AddressClass ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL_V4;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return CARRIER_GRADE_NAT;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 == 255 && a1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return BROADCAST;
        }
        if (a0 >= 240) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ipv6(byte[] b) {
        boolean first10Zero = allZero(b, 0, 10);
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return of(v4(b, 12));
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            if (allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
                return b[15] == 0 ? UNSPECIFIED : LOOPBACK;
            }
            return of(v4(b, 12));
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            return of(v4(b, 12));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            AddressClass inner = of(v4(b, 2));
            if (inner != PUBLIC) {
                return inner;
            }
        }
        int h0 = b[0] & 0xff;
        int h1 = b[1] & 0xff;
        if (h0 == 0xfe && (h1 & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if (h0 == 0xfe && (h1 & 0xc0) == 0xc0) {
            // fec0::/10, deprecated site-local: still used as private space here and there.
            return PRIVATE;
        }
        if ((h0 & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        if (h0 == 0xff) {
            return MULTICAST;
        }
        return PUBLIC;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int at) {
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, at, at + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 bytes are always an address
        }
    }

    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
