package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    @TempDir
    Path dir;

    private final Supervisor supervisor = new Supervisor();

    @Test
    void stopAllEndsChildrenAndTheirDescendants() throws Exception {
        ChildProcess parent = supervisor.add(Supervisor.Tier.SERVICE,
                start("parent", "sleep 60 & sleep 60 & wait"));
        await().atMost(Duration.ofSeconds(5)).until(() -> parent.processes().size() == 3);
        List<ProcessHandle> all = supervisor.processes();

        supervisor.stopAll();

        assertThat(all).hasSize(3).noneMatch(ProcessHandle::isAlive);
        assertThat(supervisor.unexpectedExit()).isNotDone();
    }

    @Test
    void reportsAChildThatExitsOnItsOwn() throws Exception {
        supervisor.add(Supervisor.Tier.SERVICE, start("steady", "sleep 60"));
        ChildProcess crashing = supervisor.add(Supervisor.Tier.BROKER, start("crashing", "echo boom; exit 3"));

        Managed dead = supervisor.unexpectedExit().get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(dead).isSameAs(crashing);
        assertThat(crashing.exitValue()).isEqualTo(3);
        assertThat(Files.readString(crashing.log())).contains("boom");
        List<ProcessHandle> left = supervisor.processes();
        supervisor.stopAll();
        assertThat(left).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void whatIsAddedOnceStoppingHasBegunIsStoppedAtOnce() {
        supervisor.stopAll();
        ChildProcess late = start("late", "sleep 60");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.add(Supervisor.Tier.SERVICE, late))
                .isInstanceOf(LauncherException.class).hasMessageContaining("late");

        assertThat(late.isAlive()).isFalse();
        assertThat(supervisor.members()).isEmpty();
    }

    private ChildProcess start(String name, String script) {
        return ChildProcess.start(name, List.of("sh", "-c", script), Map.of(), dir, dir.resolve(name + ".log"));
    }
}
