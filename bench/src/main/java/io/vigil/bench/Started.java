package io.vigil.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a benchmark started (servers, brokers, child processes), closed newest first by whichever
 * comes first: the run's finally block or the JVM's shutdown hook. A failure to close one is
 * reported and the rest are still closed.
 */
final class Started {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Keeps {@code resource} to close later, and hands it back. */
    <T extends AutoCloseable> T track(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    /** Closes everything tracked, newest first. */
    void closeAll() {
        synchronized (resources) {
            while (!resources.isEmpty()) {
                AutoCloseable c = resources.pop();
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c.getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
    }
}
