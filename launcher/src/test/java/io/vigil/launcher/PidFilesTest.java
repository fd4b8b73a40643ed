package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {

    @TempDir
    Path dir;

    @Test
    void stopsAProcessAKilledRunLeftBehind() throws Exception {
        ChildProcess orphan = ChildProcess.start("kafka", List.of("sleep", "60"), Map.of(), dir, dir.resolve("k.log"));
        new PidFiles(dir.resolve("run")).remember("kafka", orphan.processes().get(0));

        List<String> reaped = new PidFiles(dir.resolve("run")).reapOrphans();

        assertThat(reaped).containsExactly("kafka");
        assertThat(orphan.isAlive()).isFalse();
        assertThat(dir.resolve("run/kafka.pid")).doesNotExist();
    }

    @Test
    void leavesAloneAProcessThatOnlyReusedThePid() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        long otherStart = me.info().startInstant().orElseThrow().toEpochMilli() - 1000;
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/alert-service.pid"), me.pid() + " " + otherStart + "\n");

        List<String> reaped = new PidFiles(dir.resolve("run")).reapOrphans();

        assertThat(reaped).isEmpty();
        assertThat(me.isAlive()).isTrue();
        assertThat(dir.resolve("run/alert-service.pid")).doesNotExist();
    }

    @Test
    void supervisorForgetsWhatItStopped() throws Exception {
        PidFiles pidFiles = new PidFiles(dir.resolve("run"));
        Supervisor supervisor = new Supervisor(pidFiles);
        supervisor.add(Supervisor.Tier.SERVICE,
                ChildProcess.start("svc", List.of("sleep", "60"), Map.of(), dir, dir.resolve("s.log")));
        assertThat(dir.resolve("run/svc.pid")).exists();

        supervisor.stopAll();

        assertThat(dir.resolve("run/svc.pid")).doesNotExist();
    }
}
