package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the service under load ({@code bench/run throughput --jfr}): where
 * the CPU samples fall (by thread, by method on top of the stack, by method anywhere on the
 * stack), what is allocated and where, and the GC pauses. A text table, so figures and causes sit
 * side by side in docs/performance.md.
 *
 * <p>{@code --thread NAME} keeps only the events of threads whose name starts with NAME (the
 * collector's {@code vigil-collector}, say). Samples of threads in native code
 * ({@code jdk.NativeMethodSample}) get tables of their own: a thread that reads files spends its
 * time there, invisible to the CPU samples, but so does one that waits in {@code epoll}; read
 * them for a thread that does not wait.
 */
public final class JfrSummary {

    private static final int TOP = 25;

    private final Map<String, Long> byThread = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Long> allocBySite = new HashMap<>();
    private final Map<String, Long> nativeByThread = new HashMap<>();
    private final Map<String, Long> nativeInclusive = new HashMap<>();
    private final String thread;
    private long samples;
    private long nativeSamples;
    private long allocated;
    private long gcs;
    private Duration gcPause = Duration.ZERO;
    private Duration longestPause = Duration.ZERO;

    private JfrSummary(String thread) {
        this.thread = thread;
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of("bench/target/throughput-run/alert-service.jfr");
        String thread = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--thread")) {
                thread = args[++i];
            } else {
                file = Path.of(args[i]);
            }
        }
        JfrSummary s = new JfrSummary(thread);
        try (RecordingFile recording = new RecordingFile(HostBatches.root().resolve(file))) {
            while (recording.hasMoreEvents()) {
                s.add(recording.readEvent());
            }
        }
        s.print(file);
    }

    private void add(RecordedEvent e) {
        if (thread != null && !ofThread(e)) {
            return;
        }
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> {
                samples++;
                RecordedThread t = e.getThread("sampledThread");
                byThread.merge(threadGroup(t == null ? "?" : t.getJavaName()), 1L, Long::sum);
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    return;
                }
                self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : stack.getFrames()) {
                    String m = name(f);
                    if (seen.add(m)) {
                        inclusive.merge(m, 1L, Long::sum);
                    }
                }
            }
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                RecordedThread t = e.getThread("sampledThread");
                nativeByThread.merge(threadGroup(t == null ? "?" : t.getJavaName()), 1L, Long::sum);
                RecordedStackTrace stack = e.getStackTrace();
                if (stack != null) {
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : stack.getFrames()) {
                        String m = name(f);
                        if (seen.add(m)) {
                            nativeInclusive.merge(m, 1L, Long::sum);
                        }
                    }
                }
            }
            case "jdk.ObjectAllocationSample" -> {
                long weight = e.getLong("weight");
                allocated += weight;
                allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                RecordedStackTrace stack = e.getStackTrace();
                if (stack != null) {
                    allocBySite.merge(site(stack.getFrames()), weight, Long::sum);
                }
            }
            case "jdk.GarbageCollection" -> {
                gcs++;
                Duration pause = e.getDuration("sumOfPauses");
                gcPause = gcPause.plus(pause);
                longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
            }
            default -> {
            }
        }
    }

    /** Whether the event is about a thread named {@link #thread}...; GC events belong to every thread. */
    private boolean ofThread(RecordedEvent e) {
        if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
            return true;
        }
        RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread")
                : e.hasField("eventThread") ? e.getThread("eventThread") : null;
        return t != null && t.getJavaName() != null && t.getJavaName().startsWith(thread);
    }

    /** Thread names without their numbers: "vert.x-eventloop-thread-0" and "-1" are one role. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
    }

    /**
     * Where an allocation happened: the allocating frame and the first of our frames below it, so
     * that {@code ArrayList.<init>} says whose list it was.
     */
    private static String site(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return "?";
        }
        String top = name(frames.get(0));
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.vigil.")) {
                String ours = name(f) + ":" + f.getLineNumber();
                return f == frames.get(0) ? ours : top + " ← " + ours;
            }
        }
        return top + " ← " + (frames.size() > 1 ? name(frames.get(1)) : "");
    }

    private void print(Path file) {
        System.out.printf(Locale.ROOT, "profile           %s%s: %,d CPU samples, %,d in native code, %,.0f MB allocated (sampled weight), %d GCs pausing %d ms in all (longest %d ms)%n",
                file, thread == null ? "" : " (threads " + thread + "*)", samples, nativeSamples, allocated / 1e6, gcs,
                gcPause.toMillis(), longestPause.toMillis());
        table("CPU by thread", byThread, samples, Function.identity(), 10);
        table("CPU, method on top of the stack (self)", self, samples, Function.identity(), TOP);
        table("CPU, method anywhere on the stack (inclusive)", inclusive, samples, Function.identity(), TOP);
        if (nativeSamples > 0) {
            table("in native code (waiting or working), by thread", nativeByThread, nativeSamples, Function.identity(), 10);
            table("in native code, method anywhere on the stack", nativeInclusive, nativeSamples, Function.identity(), TOP);
        }
        table("allocation by class", allocByClass, allocated, Function.identity(), 15);
        table("allocation by site", allocBySite, allocated, Function.identity(), TOP);
    }

    private static void table(String title, Map<String, Long> counts, long total, Function<String, String> label,
            int top) {
        System.out.println("  " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        label.apply(e.getKey())));
    }
}
