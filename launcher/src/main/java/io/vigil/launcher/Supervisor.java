package io.vigil.launcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Owns everything started in one run. Stops tier by tier (services, then Kafka, then PostgreSQL)
 * whatever order things were started in, members of a tier in parallel, and reports the first
 * member that dies on its own.
 */
public final class Supervisor {

    /** Stop order is the reverse of this declaration order. */
    public enum Tier { DATABASE, BROKER, SERVICE }

    private final Map<Tier, List<Managed>> tiers = new EnumMap<>(Tier.class);
    private final CompletableFuture<Managed> unexpectedExit = new CompletableFuture<>();
    private final PidFiles pidFiles;
    private volatile boolean stopping;

    public Supervisor() {
        this(null);
    }

    /** A supervisor that records each member's pid, so a later run can clean up after a killed one. */
    public Supervisor(PidFiles pidFiles) {
        this.pidFiles = pidFiles;
    }

    /**
     * Takes charge of {@code managed}. A SIGTERM or SIGHUP can arrive while the launcher is still
     * starting things; what is added after {@link #stopAll()} began is stopped at once, not orphaned.
     */
    public synchronized <T extends Managed> T add(Tier tier, T managed) {
        if (stopping) {
            stopQuietly(managed);
            throw new LauncherException("stopping: " + managed.name() + " was not kept");
        }
        tiers.computeIfAbsent(tier, t -> new ArrayList<>()).add(managed);
        if (pidFiles != null && managed.needsPidFile()) {
            managed.processes().stream().findFirst().ifPresent(p -> pidFiles.remember(managed.name(), p));
        }
        managed.exited().thenRun(() -> {
            if (!stopping) {
                unexpectedExit.complete(managed);
            }
        });
        return managed;
    }

    /** Completes with the first member that exits while nobody is stopping it. */
    public CompletableFuture<Managed> unexpectedExit() {
        return unexpectedExit;
    }

    public synchronized List<Managed> members() {
        return tiers.values().stream().flatMap(List::stream).toList();
    }

    /** Every live process of every member, descendants included. */
    public List<ProcessHandle> processes() {
        return members().stream().flatMap(m -> m.processes().stream()).toList();
    }

    /** Idempotent and safe from a shutdown hook; returns once everything has gone. */
    public void stopAll() {
        stopping = true;
        Map<Tier, List<Managed>> toStop;
        synchronized (this) {
            toStop = new EnumMap<>(tiers);
            tiers.clear();
        }
        Tier[] order = Tier.values();
        for (int i = order.length - 1; i >= 0; i--) {
            List<Thread> threads = new ArrayList<>();
            for (Managed m : toStop.getOrDefault(order[i], List.of())) {
                threads.add(new Thread(() -> stopQuietly(m), "stop-" + m.name()));
            }
            threads.forEach(Thread::start);
            threads.forEach(Supervisor::joinQuietly);
        }
    }

    private void stopQuietly(Managed m) {
        try {
            m.stop();
            if (pidFiles != null) {
                pidFiles.forget(m.name());
            }
        } catch (RuntimeException e) {
            System.err.println("could not stop " + m.name() + ": " + e.getMessage());
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
