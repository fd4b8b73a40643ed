package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code /proc} says about a process and the machine: resident memory and CPU time. On a
 * machine that other builds share, CPU seconds per sample is the figure least bent by them.
 */
final class Proc {

    /** Linux reports process CPU times in clock ticks of 1/100 s on every platform Java runs on here. */
    private static final double TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** {@code VmRSS} in MB, NaN once the process is gone. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // Exited meanwhile.
        }
        return Double.NaN;
    }

    /**
     * Proportional set size in MB from {@code /proc/<pid>/smaps_rollup}: each shared page divided
     * among the processes that map it, so PSS adds up across processes where RSS counts shared
     * memory (PostgreSQL's shared buffers, the JDK's shared libraries) once per process. NaN once
     * the process is gone or where the kernel has no rollup.
     */
    static double pssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // Exited meanwhile, or no smaps_rollup (kernels before 4.14).
        }
        return Double.NaN;
    }

    /** The command line, arguments joined by spaces; empty once the process is gone. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * System CPU seconds the process has used so far (all its threads): the kernel's share of
     * {@link #cpuSeconds}, which is where reading {@code /proc} and {@code /sys} files goes.
     */
    static double systemCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return Double.NaN;
        }
    }

    /**
     * User + system CPU seconds of the process's children that it has waited for (cutime +
     * cstime): a command it runs (OSHI's {@code lsblk}, say) is billed here, not to the process.
     */
    static double childrenCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return Double.NaN;
        }
    }

    /** User + system CPU seconds the process has used so far (all its threads). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces and parentheses: fields start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds per thread role of a process so far, from {@code /proc/<pid>/task/*}: names
     * (truncated to 15 characters by Linux) without their numbers, then grouped (GC, JIT, ...).
     */
    static Map<String, Double> cpuByThread(long pid) {
        Map<String, Double> byRole = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    byRole.merge(role(name), seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // The thread ended meanwhile.
                }
            }
        } catch (IOException gone) {
            // The process ended.
        }
        return byRole;
    }

    private static String role(String thread) {
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.startsWith("VM Thread")
                || thread.startsWith("VM Periodic")) {
            return "GC+VM";
        }
        if (thread.contains("CompilerThre")) {
            return "JIT";
        }
        if (thread.startsWith("vert.x-eventloo")) {
            return "event loop";
        }
        if (thread.startsWith("smallrye-kafka-") || thread.startsWith("kafka-")) {
            return "Kafka clients";
        }
        if (thread.startsWith("executor-thread")) {
            return "worker pool";
        }
        if (thread.startsWith("vigil-collector")) {
            return "collector tick";
        }
        return "other";
    }

    /** Busy and total CPU seconds of the whole machine (all cores), from the first line of {@code /proc/stat}. */
    static double[] machineSeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
