package io.vigil.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Leaves nothing of one {@code ./vigil up} running, whatever stopped the test: first vigil up's own
 * graceful stop (SIGTERM, bounded wait; its shutdown hook stops the services, Kafka and PostgreSQL),
 * then, for whatever survives, the postmaster named by the data directory's {@code postmaster.pid}
 * ({@code pg_ctl stop -m immediate}, then SIGKILL), every process seen below vigil up while it ran, and
 * any process whose command line names the test's home, each killed with bounded waits.
 * <p>
 * pg_ctl daemonizes PostgreSQL, so the postmaster is never a descendant of vigil up; and once vigil up
 * is killed its children are re-parented and out of reach of {@code descendants()}: hence the
 * postmaster.pid, and the tree sampled while vigil up runs.
 */
final class VigilUpCleanup {

    private static final Duration GRACEFUL = Duration.ofSeconds(60);
    private static final Duration FORCED = Duration.ofSeconds(15);

    private final Process up;
    private final Path home;
    private final Path postgresData;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final Thread sampler;
    private List<String> leftovers;

    /**
     * @param home the test's directory, named by the command line of everything the run started
     * @param postgresData the data directory of the run's PostgreSQL ({@code $VIGIL_HOME/postgres/data})
     */
    VigilUpCleanup(Process up, Path home, Path postgresData) {
        this.up = up;
        this.home = home;
        this.postgresData = postgresData;
        this.sampler = new Thread(this::sample, "vigil-up-tree");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (up.isAlive() && !Thread.currentThread().isInterrupted()) {
            record();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record() {
        List<ProcessHandle> now = new ArrayList<>(up.toHandle().descendants().toList());
        postmaster().ifPresent(p -> {
            now.add(p);
            now.addAll(p.descendants().toList());
        });
        synchronized (seen) {
            seen.addAll(now);
        }
    }

    /** Stops everything (once; later calls repeat the answer) and returns what is still alive, empty when all is gone. */
    synchronized List<String> stopAll() {
        if (leftovers != null) {
            return leftovers;
        }
        try {
            record();
            sampler.interrupt();
            stopGracefully();
            if (up.isAlive()) {
                System.out.println("vigil up did not stop within " + GRACEFUL.toSeconds() + " s of SIGTERM: killing it");
                record();
                up.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
                awaitExit(List.of(up.toHandle()));
            }
            stopPostmaster();
            List<ProcessHandle> remaining = remaining();
            if (!remaining.isEmpty()) {
                System.out.println("killing what vigil up left running: " + describe(remaining));
                remaining.forEach(ProcessHandle::destroyForcibly);
                awaitExit(remaining);
            }
        } catch (RuntimeException e) {
            System.out.println("cleanup of vigil up failed: " + e);
        }
        leftovers = describe(remaining());
        return leftovers;
    }

    private void stopGracefully() {
        if (!up.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(up.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            up.waitFor(GRACEFUL.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            up.destroy(); // SIGTERM as well
            waitFor(up, GRACEFUL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** pg_ctl stop -m immediate on the run's data directory, then SIGKILL if the postmaster still lives. */
    private void stopPostmaster() {
        Optional<ProcessHandle> found = postmaster();
        if (found.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = found.get();
        List<ProcessHandle> tree = new ArrayList<>(List.of(postmaster));
        tree.addAll(postmaster.descendants().toList());
        synchronized (seen) {
            seen.addAll(tree);
        }
        System.out.println("PostgreSQL (pid " + postmaster.pid() + ") still runs on " + postgresData + ": stopping it");
        Optional<Path> pgCtl = postmaster.info().command().map(c -> Path.of(c).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isPresent()) {
            try {
                Process stop = new ProcessBuilder(pgCtl.get().toString(), "stop", "-D", postgresData.toString(),
                        "-m", "immediate", "-w", "-t", "20").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!stop.waitFor(30, TimeUnit.SECONDS)) {
                    stop.destroyForcibly();
                }
            } catch (IOException e) {
                System.out.println("pg_ctl stop failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (postmaster.isAlive()) {
            postmaster.destroyForcibly();
        }
        awaitExit(tree);
    }

    /** The live postmaster of {@code postmaster.pid}, if it is a postgres whose working directory is the data dir. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = postgresData.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(this::servesDataDir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean servesDataDir(ProcessHandle p) {
        try {
            boolean postgres = p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                    .orElse(false);
            return postgres && Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                    .equals(postgresData.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Alive: what was seen below vigil up, the postmaster and its backends, anything naming the home. */
    private List<ProcessHandle> remaining() {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        if (up.isAlive()) {
            all.add(up.toHandle());
            all.addAll(up.toHandle().descendants().toList());
        }
        synchronized (seen) {
            all.addAll(seen);
        }
        postmaster().ifPresent(p -> {
            all.add(p);
            all.addAll(p.descendants().toList());
        });
        String text = home.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .forEach(all::add);
        all.remove(ProcessHandle.current());
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + FORCED.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still alive at the deadline, or interrupted: reported by remaining()
            }
        }
    }

    private static void waitFor(Process p, Duration d) {
        try {
            p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> describe(List<ProcessHandle> processes) {
        return processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }
}
