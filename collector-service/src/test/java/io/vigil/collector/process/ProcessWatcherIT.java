package io.vigil.collector.process;

import static io.vigil.collector.process.ProcessWatcher.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.events.MetricSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The watcher against this machine's real {@code /proc}, with child processes it starts and stops. */
@EnabledOnOs(OS.LINUX)
class ProcessWatcherIT {

    // Unique per run, so that no other process on the build machine can match.
    private final String worker = "vigil-test-worker-" + UUID.randomUUID();
    private final List<Process> started = new ArrayList<>();
    private ProcessWatcher watcher;

    @BeforeEach
    void watchTheWorker() {
        watcher = ProcessWatcher.forThisHost(List.of(new ProcessGroup("worker", Pattern.compile(Pattern.quote(worker)))));
    }

    @AfterEach
    void stopEveryWorker() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void followsAWorkerThroughStartCrashRespawnAndStop() throws Exception {
        List<MetricSample> none = watcher.sample();
        assertThat(value(none, UP)).isZero();

        Process first = startWorker();
        List<MetricSample> running = waitFor(s -> value(s, UP) == 1 && value(s, INSTANCES) == 1);
        assertThat(value(running, RESIDENT_MEMORY_BYTES)).isGreaterThan(0);
        assertThat(value(running, RESTARTS_TOTAL)).isZero();

        stop(first);
        Process second = startWorker();
        List<MetricSample> respawned = waitFor(s -> value(s, RESTARTS_TOTAL) == 1 && value(s, INSTANCES) == 1);
        assertThat(value(respawned, UP)).isEqualTo(1);
        assertThat(value(respawned, UPTIME_SECONDS)).as("the new worker's age").isBetween(0.0, 5.0);

        stop(second);
        List<MetricSample> stopped = waitFor(s -> value(s, UP) == 0);
        assertThat(value(stopped, INSTANCES)).isZero();
        assertThat(value(stopped, UPTIME_SECONDS)).isZero();
        assertThat(value(stopped, RESTARTS_TOTAL)).as("a stop is no restart").isEqualTo(1);
        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).isEqualTo(1);
    }

    @Test
    void aBusyWorkerShowsCpuUsage() throws Exception {
        started.add(new ProcessBuilder("bash", "-c", "exec -a " + worker + " sh -c 'while :; do :; done'").start());
        watcher.sample();

        waitFor(s -> value(s, CPU_USAGE_RATIO) > 0.2);
    }

    private Process startWorker() throws IOException {
        // exec -a renames the argv[0] that /proc/<pid>/cmdline shows, giving sleep a unique command line.
        Process process = new ProcessBuilder("bash", "-c", "exec -a " + worker + " sleep 300").start();
        started.add(process);
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroyForcibly();
        // Reaped, so that it is gone from /proc rather than a zombie.
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private List<MetricSample> waitFor(java.util.function.Predicate<List<MetricSample>> condition) {
        return poll().until(watcher::sample, condition);
    }

    private static ConditionFactory poll() {
        // One thread calls sample(), as the collector's tick does.
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).pollInSameThread();
    }

    private static double value(List<MetricSample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }
}
