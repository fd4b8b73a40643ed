package io.vigil.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.collector.metrics.HostGauges;
import io.vigil.collector.sampling.HostSampler;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
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
 * What each call of the collector's tick costs on this host (issue 9): every OSHI call
 * {@link HostSampler} makes, then the whole sample, the gauges and the JSON, one after the other
 * like a tick, for {@code --rounds} rounds after as many unreported. Per call: the calling thread's
 * CPU time (user + kernel), the CPU of the commands it ran (this JVM's waited-for children: OSHI
 * runs {@code lsblk}), wall time and bytes allocated.
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
        SystemInfo system = new SystemInfo();
        HardwareAbstractionLayer hardware = system.getHardware();
        OperatingSystem os = system.getOperatingSystem();
        CentralProcessor processor = hardware.getProcessor();
        GlobalMemory memory = hardware.getMemory();
        HostSampler sampler = new HostSampler(hardware, os);
        HostGauges gauges = new HostGauges(new SimpleMeterRegistry());
        EventSource source = new EventSource("collector-service", "bench");

        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("CentralProcessor.getSystemCpuLoadTicks", processor::getSystemCpuLoadTicks);
        calls.put("CentralProcessor.getProcessorCpuLoadTicks", processor::getProcessorCpuLoadTicks);
        calls.put("CentralProcessor.getSystemLoadAverage", () -> processor.getSystemLoadAverage(3));
        calls.put("GlobalMemory.getTotal+getAvailable", () -> {
            memory.getTotal();
            memory.getAvailable();
        });
        calls.put("VirtualMemory.getSwapTotal+getSwapUsed", () -> {
            memory.getVirtualMemory().getSwapTotal();
            memory.getVirtualMemory().getSwapUsed();
        });
        calls.put("FileSystem.getFileStores(true)", () -> os.getFileSystem().getFileStores(true)
                .forEach(s -> s.getUsableSpace()));
        calls.put("HAL.getDiskStores", hardware::getDiskStores);
        calls.put("HAL.getNetworkIFs(false)", () -> hardware.getNetworkIFs(false));
        calls.put("HAL.getNetworkIFs + queryNetworkInterface", () -> {
            for (NetworkIF nic : hardware.getNetworkIFs(false)) {
                NetworkInterface java = nic.queryNetworkInterface();
                if (java != null) {
                    java.getName();
                }
            }
        });
        calls.put("OperatingSystem.getProcessCount", os::getProcessCount);
        calls.put("OperatingSystem.getSystemUptime", os::getSystemUptime);
        List<List<MetricSample>> last = new ArrayList<>(List.of(List.of()));
        calls.put("HostSampler.sample (all of the above)", () -> last.set(0, sampler.sample()));
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
        System.out.printf(Locale.ROOT, "sampler calls     OSHI %s, one call after another as in a tick, %d rounds after %d unreported; per call:%n",
                SystemInfo.class.getPackage().getImplementationVersion(), rounds, rounds);
        System.out.printf(Locale.ROOT, "  %-44s %10s %12s %10s %12s%n", "call", "CPU µs", "children µs", "wall µs", "alloc KB");
        totals.forEach((name, t) -> System.out.printf(Locale.ROOT, "  %-44s %10.0f %12.0f %10.0f %12.1f%n", name,
                t[0] / rounds / 1e3, t[1] / rounds / 1e3, t[2] / rounds / 1e3, t[3] / rounds / 1024));
        System.out.printf(Locale.ROOT, "  (last sample: %d samples)%n", last.get(0).size());
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
