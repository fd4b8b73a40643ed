package io.vigil.collector.sources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}. Output is read while the command runs, not
 * after: a long list (fail2ban's banned IPs) overfills the pipe and would stall the command until
 * the timeout. The timeout kills the command and its descendants, so that the read ends too.
 */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public String run(List<String> command, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // nothing to say to it; a prompt reads end of input
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            killed.set(true);
            kill(process);
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            kill(process);
            throw e;
        } finally {
            killer.cancel(false);
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killed.set(true);
            kill(process);
        }
        if (killed.get()) {
            process.waitFor(1, TimeUnit.SECONDS);
            throw new TimeoutException(command + " ran longer than " + timeout + " and was killed");
        }
        int status = process.exitValue();
        if (status != 0) {
            throw new IOException(command + " exited with " + status + ": " + firstLine(output));
        }
        return output;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String firstLine(String output) {
        String trimmed = output.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
