package io.vigil.collector.procfs;

import java.util.Arrays;

/**
 * The CPU time counters of one reading of {@code /proc/stat}: for the {@code cpu} line (all CPUs)
 * and each {@code cpuN} line, the ticks spent in all states and those spent idle. Both the total and
 * the per-CPU usage come from this one read of the file.
 *
 * <p>"All states" are the first eight columns, user to steal, as OSHI and {@code top} count them:
 * guest time is already inside user and nice. Idle is idle plus iowait (a CPU waiting on a disk
 * runs nothing). A CPU that is offline has no line; {@link #has(int)} says which are there.
 */
public final class CpuTicks {

    private static final int STATES = 8;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;

    private long allTotal;
    private long allIdle;
    private long[] total = new long[0];
    private long[] idle = new long[0];
    private boolean[] present = new boolean[0];
    private int cpus;

    /**
     * Parses the {@code cpu} lines at the start of {@code /proc/stat}, replacing the previous
     * reading (the arrays are reused).
     *
     * @throws NumberFormatException when the file does not start with a {@code cpu} line
     */
    public void parse(ProcText text) {
        text.rewind();
        Arrays.fill(present, false);
        cpus = 0;
        if (!text.skipIf("cpu ")) {
            throw new NumberFormatException("/proc/stat does not start with a 'cpu' line");
        }
        readLine(text, -1);
        while (text.nextLine() && text.skipIf("cpu")) {
            int cpu = (int) text.nextLong();
            readLine(text, cpu);
        }
    }

    /** Ticks in all states of all CPUs together. */
    public long total() {
        return allTotal;
    }

    /** Idle and iowait ticks of all CPUs together. */
    public long idle() {
        return allIdle;
    }

    /** How many {@code cpuN} lines there were. */
    public int cpuCount() {
        return cpus;
    }

    /** One more than the highest CPU number read. */
    public int cpuLimit() {
        int limit = present.length;
        while (limit > 0 && !present[limit - 1]) {
            limit--;
        }
        return limit;
    }

    /** Whether CPU {@code cpu} had a line (it is online). */
    public boolean has(int cpu) {
        return cpu >= 0 && cpu < present.length && present[cpu];
    }

    public long total(int cpu) {
        return total[cpu];
    }

    public long idle(int cpu) {
        return idle[cpu];
    }

    /**
     * The busy share between two readings, as OSHI computes it: 1 − idle ÷ all, over the ticks that
     * passed; 0 when no tick passed (a second reading within the kernel's 10 ms tick).
     */
    public static double busy(long totalBefore, long idleBefore, long totalAfter, long idleAfter) {
        long all = totalAfter - totalBefore;
        long idle = idleAfter - idleBefore;
        return all > 0 ? (double) (all - idle) / all : 0.0;
    }

    private void readLine(ProcText text, int cpu) {
        long sum = 0;
        long idleSum = 0;
        for (int i = 0; i < STATES && !text.atLineEnd(); i++) {
            long ticks = text.nextLong();
            sum += ticks;
            if (i == IDLE || i == IOWAIT) {
                idleSum += ticks;
            }
        }
        if (cpu < 0) {
            allTotal = sum;
            allIdle = idleSum;
            return;
        }
        if (cpu >= present.length) {
            int size = Math.max(cpu + 1, present.length * 2);
            total = Arrays.copyOf(total, size);
            idle = Arrays.copyOf(idle, size);
            present = Arrays.copyOf(present, size);
        }
        total[cpu] = sum;
        idle[cpu] = idleSum;
        present[cpu] = true;
        cpus++;
    }
}
