package io.vigil.domain.dns;

import io.vigil.support.net.AddressClass;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code address-source: interface:eth0}: the addresses of a local interface, for a host whose
 * interface holds the public address itself. Per family it takes the first public address, else
 * the first private one, else loopback (so {@code lo} works in tests); link-local, multicast and
 * metadata addresses never count (they are never anyone's public address).
 */
final class InterfaceAddressSource {

    private InterfaceAddressSource() {
    }

    static PublicAddress read(String name) {
        String source = "interface:" + name;
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            return PublicAddress.failed(source, "cannot read interface " + name + ": " + e.getMessage());
        }
        if (nic == null) {
            return PublicAddress.failed(source, "there is no interface " + name + " on this host");
        }
        List<InetAddress> all = Collections.list(nic.getInetAddresses());
        List<InetAddress> chosen = new ArrayList<>();
        InetAddress v4 = best(all, Inet4Address.class);
        InetAddress v6 = best(all, Inet6Address.class);
        if (v4 != null) {
            chosen.add(v4);
        }
        if (v6 != null) {
            chosen.add(v6);
        }
        return chosen.isEmpty() ? PublicAddress.failed(source, "interface " + name + " has no usable address")
                : PublicAddress.of(source, chosen);
    }

    private static InetAddress best(List<InetAddress> all, Class<? extends InetAddress> family) {
        InetAddress privateOne = null;
        InetAddress loopback = null;
        for (InetAddress a : all) {
            if (!family.isInstance(a)) {
                continue;
            }
            AddressClass c = AddressClass.of(a);
            if (c == AddressClass.PUBLIC) {
                return a;
            }
            if (c == AddressClass.LOOPBACK) {
                loopback = loopback == null ? a : loopback;
            } else if (c.isPrivate()) {
                privateOne = privateOne == null ? a : privateOne;
            }
        }
        return privateOne != null ? privateOne : loopback;
    }
}
