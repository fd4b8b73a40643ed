package io.vigil.bench;

import com.sun.jna.platform.linux.LibC;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.collector.metrics.HostGauges;
import io.vigil.collector.procfs.CpuTicks;
import io.vigil.collector.procfs.DiskStats;
import io.vigil.collector.procfs.MemInfo;
import io.vigil.collector.procfs.MountInfo;
import io.vigil.collector.procfs.NetDev;
import io.vigil.collector.procfs.ProcText;
import io.vigil.collector.sampling.DeviceFilter;
import io.vigil.collector.sampling.LinuxHostSampler;
import io.vigil.collector.sampling.OshiHostSampler;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.NetworkInterface;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OperatingSystem;
import oshi.util.GlobalConfig;

/**
 * What each call of the collector's tick costs on this host (issue 9): first every read the
 * {@link LinuxHostSampler} makes (a /proc file into the reused buffer and its parse, {@code statvfs}
 * per mount), then every OSHI call the {@link OshiHostSampler} makes (the collector's host sampler
 * before, and still on macOS and Windows), each sampler's whole sample, the gauges and the JSON,
 * one after the other like a tick, for {@code --rounds} rounds after as many unreported. Per call:
 * the calling thread's CPU time (user + kernel), the CPU of the commands it ran (this JVM's
 * waited-for children: OSHI runs {@code lsblk}), wall time and bytes allocated.
 *
 * <p>OSHI caches some readings for 300 ms; here the cache lives 1 ms, so every call does the work
 * it does at the collector's 1 s interval.
 */
public final class SamplerCalls {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<String, double[]> totals = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        int rounds = 50;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + " (footprint --calls takes --rounds)");
            }
        }
        GlobalConfig.set("oshi.util.memoizer.expiration", 1);
        new SamplerCalls().run(rounds);
    }

    private void run(int rounds) throws InterruptedException {
        Map<String, Runnable> calls = new LinkedHashMap<>();
        List<List<MetricSample>> last = new ArrayList<>(List.of(List.of()));
        procCalls(calls, last);
        oshiCalls(calls);
        HostGauges gauges = new HostGauges(new SimpleMeterRegistry());
        EventSource source = new EventSource("collector-service", "bench");
        calls.put("HostGauges.update", () -> gauges.update(last.get(0)));
        calls.put("Json.write(MetricBatch)", () -> Json.write(
                MetricBatch.of(source, "bench", Instant.now(), last.get(0), 1000)));

        for (int r = 0; r < 2 * rounds; r++) {
            boolean measured = r >= rounds;
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                measure(call.getKey(), call.getValue(), measured);
            }
            Thread.sleep(20); // a tick's calls together, then a pause: the collector's shape, faster
        }
        System.out.printf(Locale.ROOT, "sampler calls     /proc readers, then OSHI %s; one call after another as in a tick, %d rounds after %d unreported; per call:%n",
                SystemInfo.class.getPackage().getImplementationVersion(), rounds, rounds);
        System.out.printf(Locale.ROOT, "  %-58s %10s %12s %10s %12s%n", "call", "CPU µs", "children µs", "wall µs", "alloc KB");
        totals.forEach((name, t) -> System.out.printf(Locale.ROOT, "  %-58s %10.0f %12.0f %10.0f %12.1f%n", name,
                t[0] / rounds / 1e3, t[1] / rounds / 1e3, t[2] / rounds / 1e3, t[3] / rounds / 1024));
        System.out.printf(Locale.ROOT, "  (last sample of the /proc sampler: %d samples)%n", last.get(0).size());
    }

    /** The Linux sampler's reads, each as its tick does it, then its whole sample (kept for the gauges and JSON). */
    private static void procCalls(Map<String, Runnable> calls, List<List<MetricSample>> last) {
        ProcText text = new ProcText();
        CpuTicks cpu = new CpuTicks();
        File mountinfo = new File("/proc/self/mountinfo");
        text.read(mountinfo);
        byte[] mountTable = text.copyContent();
        List<File> mounts = MountInfo.visible(MountInfo.parse(text)).stream()
                .filter(m -> !DeviceFilter.isPseudoFileSystem(m.type(), m.mountPoint())
                        && !DeviceFilter.isNetworkFileSystem(m.type()))
                .map(m -> new File(m.mountPoint())).toList();
        long[] space = new long[3];
        LibC.Statvfs statvfs = new LibC.Statvfs();
        File proc = new File("/proc");

        calls.put("/proc/stat read + CpuTicks.parse (all and per CPU)", () -> {
            text.read(new File("/proc/stat"));
            cpu.parse(text);
        });
        calls.put("/proc/loadavg read + 3 decimals", () -> {
            text.read(new File("/proc/loadavg"));
            text.rewind();
            text.nextDecimal();
            text.nextDecimal();
            text.nextDecimal();
        });
        calls.put("/proc/meminfo read + MemInfo.parse", () -> {
            text.read(new File("/proc/meminfo"));
            MemInfo.parse(text);
        });
        calls.put("/proc/self/mountinfo read + compare (unchanged)", () -> {
            text.read(mountinfo);
            text.contentEquals(mountTable, mountTable.length);
        });
        calls.put("  the same + MountInfo.parse (when it changed)", () -> {
            text.read(mountinfo);
            MountInfo.visible(MountInfo.parse(text));
        });
        calls.put("statvfs, File.get*Space ×3, " + mounts.size() + " mount(s)", () -> {
            for (File mount : mounts) {
                LinuxHostSampler.FileSystemSpace.STATVFS.read(mount, space);
            }
        });
        calls.put("  the same through JNA LibC.statvfs (not used)", () -> {
            for (File mount : mounts) {
                LibC.INSTANCE.statvfs(mount.getPath(), statvfs);
            }
        });
        calls.put("/proc/diskstats read + DiskStats.parse", () -> {
            text.read(new File("/proc/diskstats"));
            DiskStats.parse(text);
        });
        calls.put("/proc/net/dev read + NetDev.parse", () -> {
            text.read(new File("/proc/net/dev"));
            NetDev.parse(text);
        });
        calls.put("/proc listing (process count)", proc::list);
        calls.put("/proc/uptime read + decimal", () -> {
            text.read(new File("/proc/uptime"));
            text.rewind();
            text.nextDecimal();
        });
        LinuxHostSampler sampler = LinuxHostSampler.forThisHost();
        calls.put("LinuxHostSampler.sample (the collector's, all the above)", () -> last.set(0, sampler.sample()));
    }

    /** The OSHI sampler's calls, then its whole sample. */
    private static void oshiCalls(Map<String, Runnable> calls) {
        SystemInfo system = new SystemInfo();
        HardwareAbstractionLayer hardware = system.getHardware();
        OperatingSystem os = system.getOperatingSystem();
        CentralProcessor processor = hardware.getProcessor();
        GlobalMemory memory = hardware.getMemory();
        OshiHostSampler sampler = new OshiHostSampler(hardware, os);
        calls.put("OSHI CentralProcessor.getSystemCpuLoadTicks", processor::getSystemCpuLoadTicks);
        calls.put("OSHI CentralProcessor.getProcessorCpuLoadTicks", processor::getProcessorCpuLoadTicks);
        calls.put("OSHI CentralProcessor.getSystemLoadAverage", () -> processor.getSystemLoadAverage(3));
        calls.put("OSHI GlobalMemory.getTotal+getAvailable", () -> {
            memory.getTotal();
            memory.getAvailable();
        });
        calls.put("OSHI VirtualMemory.getSwapTotal+getSwapUsed", () -> {
            memory.getVirtualMemory().getSwapTotal();
            memory.getVirtualMemory().getSwapUsed();
        });
        calls.put("OSHI FileSystem.getFileStores(true)", () -> os.getFileSystem().getFileStores(true)
                .forEach(s -> s.getUsableSpace()));
        calls.put("OSHI HAL.getDiskStores", hardware::getDiskStores);
        calls.put("OSHI HAL.getNetworkIFs(false)", () -> hardware.getNetworkIFs(false));
        calls.put("OSHI HAL.getNetworkIFs + queryNetworkInterface", () -> {
            for (NetworkIF nic : hardware.getNetworkIFs(false)) {
                NetworkInterface java = nic.queryNetworkInterface();
                if (java != null) {
                    java.getName();
                }
            }
        });
        calls.put("OSHI OperatingSystem.getProcessCount", os::getProcessCount);
        calls.put("OSHI OperatingSystem.getSystemUptime", os::getSystemUptime);
        calls.put("OshiHostSampler.sample (before; all OSHI calls)", sampler::sample);
    }

    private void measure(String name, Runnable call, boolean measured) {
        long tid = Thread.currentThread().getId();
        double children = Proc.childrenCpuSeconds(ProcessHandle.current().pid());
        long alloc = threads.getThreadAllocatedBytes(tid);
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        call.run();
        wall = System.nanoTime() - wall;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        alloc = threads.getThreadAllocatedBytes(tid) - alloc;
        children = Proc.childrenCpuSeconds(ProcessHandle.current().pid()) - children;
        if (measured) {
            double[] t = totals.computeIfAbsent(name, n -> new double[4]);
            t[0] += cpu;
            t[1] += children * 1e9;
            t[2] += wall;
            t[3] += alloc;
        } else {
            totals.putIfAbsent(name, new double[4]);
        }
    }
}
