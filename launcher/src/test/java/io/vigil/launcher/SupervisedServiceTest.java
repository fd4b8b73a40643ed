package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts as the launcher does them, with {@code sh} children standing in for the services. */
class SupervisedServiceTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));
    private final AtomicReference<String> liveAnswer = new AtomicReference<>("");
    private final List<ChildProcess> launched = new ArrayList<>();
    private SupervisedService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        launched.forEach(ChildProcess::stop);
    }

    @Test
    void aServiceThatIsKilledIsStartedAgainAndItsPidFileFollows() throws Exception {
        PidFiles pidFiles = new PidFiles(dir.resolve("run"));
        service = service("sleep 60", Duration.ofSeconds(30), pidFiles);
        service.start();
        assertThat(service.awaitReady()).isEmpty();
        service.watch();
        ProcessHandle first = service.processes().get(0);

        first.destroyForcibly();

        await("restarted").atMost(Duration.ofSeconds(10)).until(() -> console().contains("✔ svc ready again on 9999"));
        assertThat(console()).contains("✘ svc exited (exit 137); restarting in 0.1 s (restart 1)");
        ProcessHandle second = service.processes().get(0);
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.isAlive()).isTrue();
        assertThat(Files.readString(dir.resolve("run/svc.pid"))).startsWith(second.pid() + " ");
        assertThat(Files.readString(dir.resolve("svc.log"))).contains("svc exited (exit 137); restart 1");
        assertThat(service.exited()).isNotDone();
    }

    @Test
    void aServiceThatStaysNotLiveForTheGraceIsStoppedAndStartedAgain() throws Exception {
        service = service("sleep 60", Duration.ofMillis(300), null);
        service.start();
        service.watch();
        ProcessHandle first = service.processes().get(0);

        liveAnswer.set("HTTP 503");

        await("declared dead").atMost(Duration.ofSeconds(10))
                .until(() -> console().contains("✘ svc not live for 0.3 s (last: HTTP 503); restarting in"));
        assertThat(first.isAlive()).isFalse();
        liveAnswer.set("");
        await("restarted").atMost(Duration.ofSeconds(10)).until(() -> console().contains("ready again"));
    }

    @Test
    void aServiceThatKeepsCrashingIsRetriedWithGrowingPauses() throws Exception {
        service = service("exit 3", Duration.ofSeconds(30), null);
        service.start();
        service.watch();

        await("three restarts").atMost(Duration.ofSeconds(10)).until(() -> service.restarts() >= 3);

        assertThat(console()).contains("restarting in 0.1 s (restart 1)")
                .contains("restarting in 0.2 s (restart 2)")
                .contains("restarting in 0.4 s (restart 3)");
    }

    @Test
    void stoppingDuringTheBackOffStartsNothingMoreAndLeavesNothingRunning() throws Exception {
        service = new SupervisedService("svc", 9999, dir.resolve("svc.log"), this::launch, p -> Optional.empty(),
                liveAnswer::get, Duration.ofMillis(50), Duration.ofSeconds(30),
                new RestartBackoff(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60)), console, null);
        service.start();
        service.watch();
        service.processes().get(0).destroyForcibly();
        await("backing off").atMost(Duration.ofSeconds(10)).until(() -> console().contains("restarting in 30 s"));

        service.stop();

        assertThat(service.exited()).isDone();
        assertThat(launched).hasSize(1);
        assertThat(launched).noneMatch(ChildProcess::isAlive);
    }

    private SupervisedService service(String script, Duration grace, PidFiles pidFiles) {
        this.script = script;
        return new SupervisedService("svc", 9999, dir.resolve("svc.log"), this::launch, p -> Optional.empty(),
                liveAnswer::get, Duration.ofMillis(50), grace,
                new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60)), console,
                pidFiles);
    }

    private String script = "sleep 60";

    private ChildProcess launch() {
        ChildProcess p = ChildProcess.start("svc", List.of("sh", "-c", script), Map.of(), dir, dir.resolve("svc.log"));
        launched.add(p);
        return p;
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
