package io.vigil.collector.sources;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Runs an external command and hands back what it printed; the seam a test replaces with canned output. */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code command} and returns its standard output and error, merged.
     *
     * @throws IOException when it cannot start or exits with a non-zero status
     * @throws TimeoutException when it runs longer than {@code timeout}; it has then been killed
     */
    String run(List<String> command, Duration timeout) throws IOException, TimeoutException, InterruptedException;
}
