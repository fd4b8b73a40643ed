package io.vigil.collector.procfs;

import java.util.ArrayList;
import java.util.List;

/**
 * The I/O counters of every block device in one reading of {@code /proc/diskstats}: whole disks,
 * partitions, loop and RAM devices alike; which of them count is the caller's choice.
 */
public final class DiskStats {

    /** The kernel counts {@code diskstats} sectors in 512-byte units, whatever the device's sector size. */
    public static final int SECTOR_BYTES = 512;

    /**
     * One device's line.
     *
     * @param name the kernel's name ({@code sda}, {@code nvme0n1p2}, {@code cciss/c0d0})
     * @param readBytes bytes read since boot (sectors read × 512)
     * @param writtenBytes bytes written since boot (sectors written × 512)
     */
    public record Disk(String name, long readBytes, long writtenBytes) {
    }

    private DiskStats() {
    }

    /**
     * Parses {@code /proc/diskstats}: {@code major minor name} then reads completed, reads merged,
     * sectors read, ms reading, writes completed, writes merged, sectors written, and more that
     * are not needed.
     *
     * @throws NumberFormatException when a line is cut short
     */
    public static List<Disk> parse(ProcText text) {
        text.rewind();
        List<Disk> disks = new ArrayList<>();
        if (text.atEnd()) {
            return disks;
        }
        do {
            if (text.atLineEnd()) {
                continue;
            }
            text.skipWord(); // major
            text.skipWord(); // minor
            String name = text.nextWord();
            text.skipWord(); // reads completed
            text.skipWord(); // reads merged
            long sectorsRead = text.nextLong();
            text.skipWord(); // ms reading
            text.skipWord(); // writes completed
            text.skipWord(); // writes merged
            long sectorsWritten = text.nextLong();
            disks.add(new Disk(name, sectorsRead * SECTOR_BYTES, sectorsWritten * SECTOR_BYTES));
        } while (text.nextLine());
        return disks;
    }
}
