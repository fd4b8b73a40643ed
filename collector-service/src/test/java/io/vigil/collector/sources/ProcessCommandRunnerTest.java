package io.vigil.collector.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running real short commands through sh (on every host the agent targets); each ends or is killed in the test. */
class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returnsStandardOutputAndErrorTogether() throws Exception {
        String output = runner.run(List.of("sh", "-c", "echo banned; echo warning >&2"), Duration.ofSeconds(5));

        assertThat(output).contains("banned\n").contains("warning\n");
    }

    @Test
    void readsOutputLargerThanAPipeWithoutStalling() throws Exception {
        // 1 MiB: far beyond a pipe's 64 KiB, like the banned-IP list of a busy jail.
        String output = runner.run(List.of("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x"), Duration.ofSeconds(5));

        assertThat(output).hasSize(1 << 20);
    }

    @Test
    void aCommandOverItsTimeoutIsKilledWithItsChildrenAndReported(@TempDir Path dir) throws IOException {
        Path childPid = dir.resolve("child.pid");
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "sleep 30 & echo $! > " + childPid + "; wait"),
                Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("PT0.3S");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("killed, not waited for")
                .isLessThan(Duration.ofSeconds(5));
        long sleeper = Long.parseLong(Files.readString(childPid).strip());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).as("the sleep under the shell").isNotEqualTo(
                        java.util.Optional.of(true)));
    }

    @Test
    void aNonZeroExitIsAnErrorWithTheFirstLineOfOutput() {
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo 'ERROR   no socket'; echo more; exit 255"),
                Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 255").hasMessageEndingWith(": ERROR   no socket");
    }
}
