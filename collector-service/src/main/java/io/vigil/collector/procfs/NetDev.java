package io.vigil.collector.procfs;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic counters of every network interface in one reading of {@code /proc/net/dev}, the
 * file node_exporter's netdev collector reads: loopback and interfaces that are down included.
 */
public final class NetDev {

    /**
     * One interface's line.
     *
     * @param name the interface name ({@code eth0}, {@code wlp2s0}, {@code lo})
     * @param receivedBytes bytes received since the interface appeared
     * @param receiveErrors receive errors since then
     * @param sentBytes bytes sent
     * @param transmitErrors transmit errors
     */
    public record Interface(String name, long receivedBytes, long receiveErrors, long sentBytes, long transmitErrors) {
    }

    private NetDev() {
    }

    /**
     * Parses {@code /proc/net/dev}: two header lines, then per interface {@code name:} and eight
     * receive columns (bytes, packets, errs, drop, fifo, frame, compressed, multicast) and eight
     * transmit columns (bytes, packets, errs, …). A large first counter can touch the colon.
     *
     * @throws NumberFormatException when a line is cut short
     */
    public static List<Interface> parse(ProcText text) {
        text.rewind();
        List<Interface> interfaces = new ArrayList<>();
        // Skip the two header lines.
        if (!text.nextLine() || !text.nextLine()) {
            return interfaces;
        }
        do {
            if (text.atLineEnd()) {
                continue;
            }
            String name = text.nextWord(':');
            long receivedBytes = text.nextLong();
            text.skipWord(); // packets
            long receiveErrors = text.nextLong();
            for (int i = 0; i < 5; i++) {
                text.skipWord(); // drop, fifo, frame, compressed, multicast
            }
            long sentBytes = text.nextLong();
            text.skipWord(); // packets
            long transmitErrors = text.nextLong();
            interfaces.add(new Interface(name, receivedBytes, receiveErrors, sentBytes, transmitErrors));
        } while (text.nextLine());
        return interfaces;
    }
}
