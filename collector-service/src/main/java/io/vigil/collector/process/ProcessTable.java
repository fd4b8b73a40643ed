package io.vigil.collector.process;

import java.util.Optional;

/**
 * The few questions {@link ProcessWatcher} asks the OS about processes: the seam between
 * {@code /proc} ({@link ProcFs}) and the watcher's bookkeeping, which a test drives with a fake.
 * Every method may be called for a process that has just exited; that is an empty answer, not an
 * error.
 */
public interface ProcessTable {

    /** Whether this host can answer at all ({@code false} off Linux); asked once. */
    boolean available();

    /**
     * The PIDs of the processes alive now, threads not included.
     *
     * @throws java.io.UncheckedIOException when the process list itself cannot be read
     */
    long[] pids();

    /** The process's counters now; empty when it has exited or is a zombie. */
    Optional<ProcessStat> stat(long pid);

    /** Its arguments joined by single spaces; empty when it has exited, blank for a kernel thread. */
    Optional<String> commandLine(long pid);

    /** Milliseconds since boot now: the clock of {@link ProcessStat#startMillis()}. */
    long uptimeMillis();
}
