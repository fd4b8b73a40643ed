package io.vigil.launcher;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Something the launcher started and must stop again: a child JVM or the database server. */
public interface Managed {

    String name();

    /** Completes when the process has gone, whoever ended it. */
    CompletableFuture<?> exited();

    /** The live processes behind it, descendants included, so callers can check none are left. */
    List<ProcessHandle> processes();

    /** Whether the launcher should keep its own pid file for it; PostgreSQL has postmaster.pid. */
    default boolean needsPidFile() {
        return true;
    }

    /** Stops it gracefully, forcibly after a grace period; returns once it has gone. */
    void stop();
}
