package io.vigil.collector.procfs;

/**
 * Memory and swap from one reading of {@code /proc/meminfo}, in bytes.
 *
 * @param total {@code MemTotal}
 * @param available {@code MemAvailable}, the kernel's estimate of what can be allocated without
 *     swapping; on kernels before 3.14, which lack it, free + file pages (active and inactive) +
 *     reclaimable slab, OSHI's estimate
 * @param swapTotal {@code SwapTotal}
 * @param swapFree {@code SwapFree}
 */
public record MemInfo(long total, long available, long swapTotal, long swapFree) {

    /** Swap in use: total − free, as {@code free} shows it. */
    public long swapUsed() {
        return swapTotal - swapFree;
    }

    /**
     * Parses {@code /proc/meminfo}: lines of {@code Name: value kB}.
     *
     * @throws NumberFormatException when {@code MemTotal} is missing
     */
    public static MemInfo parse(ProcText text) {
        text.rewind();
        long total = -1;
        long available = -1;
        long free = 0;
        long activeFile = 0;
        long inactiveFile = 0;
        long reclaimable = 0;
        long swapTotal = 0;
        long swapFree = 0;
        do {
            if (text.skipIf("MemTotal:")) {
                total = kilobytes(text);
            } else if (text.skipIf("MemAvailable:")) {
                available = kilobytes(text);
            } else if (text.skipIf("MemFree:")) {
                free = kilobytes(text);
            } else if (text.skipIf("Active(file):")) {
                activeFile = kilobytes(text);
            } else if (text.skipIf("Inactive(file):")) {
                inactiveFile = kilobytes(text);
            } else if (text.skipIf("SReclaimable:")) {
                reclaimable = kilobytes(text);
            } else if (text.skipIf("SwapTotal:")) {
                swapTotal = kilobytes(text);
            } else if (text.skipIf("SwapFree:")) {
                swapFree = kilobytes(text);
            }
        } while (text.nextLine());
        if (total < 0) {
            throw new NumberFormatException("/proc/meminfo has no MemTotal line");
        }
        if (available < 0) {
            available = Math.min(total, free + activeFile + inactiveFile + reclaimable);
        }
        return new MemInfo(total, available, swapTotal, swapFree);
    }

    private static long kilobytes(ProcText text) {
        // Every size in meminfo is in kB (KiB); the few counts (HugePages_*) are not asked for.
        return text.nextLong() * 1024;
    }
}
