package io.vigil.collector.sources;

import static io.vigil.collector.sources.Fail2Ban.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.MetricSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When Fail2Ban is asked, and what the tick gets meanwhile: canned output, a hand-run executor, a fake clock. */
class Fail2BanTest {

    private static final Path CLIENT = Path.of("/usr/bin/fail2ban-client");
    private final List<List<String>> commands = new ArrayList<>();
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Executor handRun = pending::add;
    private long nanos = 0;
    private boolean broken;

    private final CommandRunner canned = (command, timeout) -> {
        commands.add(command);
        assertThat(timeout).isEqualTo(Duration.ofSeconds(5));
        if (broken) {
            throw new TimeoutException("hung");
        }
        if (command.size() == 2) {
            return "Status\n|- Number of jail:\t2\n`- Jail list:\tsshd, nginx-http-auth\n";
        }
        return Resources.text("fail2ban-status-" + command.get(2) + ".txt");
    };
    private final Fail2Ban fail2Ban = new Fail2Ban(Optional.of(CLIENT), canned, handRun, () -> nanos);

    @Test
    void theFirstTickStartsARefreshAndReturnsAtOnceWithoutValues() {
        assertThat(fail2Ban.sample()).isEmpty();
        assertThat(pending).hasSize(1);
        assertThat(commands).isEmpty();
    }

    @Test
    void afterARefreshEveryJailHasBothCounts() {
        fail2Ban.sample();
        runPending();

        assertThat(fail2Ban.sample()).containsExactlyInAnyOrder(
                new MetricSample(BANNED, Map.of(JAIL, "sshd"), 3),
                new MetricSample(BANNED_TOTAL, Map.of(JAIL, "sshd"), 296),
                new MetricSample(BANNED, Map.of(JAIL, "nginx-http-auth"), 0),
                new MetricSample(BANNED_TOTAL, Map.of(JAIL, "nginx-http-auth"), 0));
        assertThat(commands).containsExactly(List.of(CLIENT.toString(), "status"),
                List.of(CLIENT.toString(), "status", "sshd"), List.of(CLIENT.toString(), "status", "nginx-http-auth"));
    }

    @Test
    void asksAtMostOncePerMinuteAndServesTheCachedValuesMeanwhile() {
        fail2Ban.sample();
        runPending();

        nanos += Duration.ofSeconds(59).toNanos();
        assertThat(fail2Ban.sample()).hasSize(4);
        assertThat(pending).isEmpty();

        nanos += Duration.ofSeconds(1).toNanos();
        assertThat(fail2Ban.sample()).as("still the cached values while the refresh runs").hasSize(4);
        assertThat(pending).hasSize(1);
    }

    @Test
    void aRefreshStillRunningIsNotStartedTwice() {
        fail2Ban.sample();
        nanos += Duration.ofMinutes(5).toNanos();

        fail2Ban.sample();

        assertThat(pending).hasSize(1);
    }

    @Test
    void aFailedRefreshDropsTheValuesAndTheNextGoodOneBringsThemBack() {
        fail2Ban.sample();
        runPending();
        broken = true;
        nanos += REFRESH.toNanos();
        fail2Ban.sample();
        runPending();

        assertThat(fail2Ban.sample()).isEmpty();

        broken = false;
        nanos += REFRESH.toNanos();
        fail2Ban.sample();
        runPending();
        assertThat(fail2Ban.sample()).hasSize(4);
    }

    @Test
    void withoutTheClientThereAreNoSamplesAndNothingRuns() {
        Fail2Ban absent = new Fail2Ban(Optional.empty(), canned, handRun, () -> nanos);

        assertThat(absent.sample()).isEmpty();
        assertThat(absent.sample()).isEmpty();
        assertThat(pending).isEmpty();
    }

    @Test
    void findsAnExecutableOnThePathButNotAPlainFile(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createFile(data.resolve("fail2ban-client"));
        Path client = Files.createFile(bin.resolve("fail2ban-client"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(Fail2Ban.onPath("fail2ban-client", data + ":" + bin)).contains(client);
        assertThat(Fail2Ban.onPath("fail2ban-client", data.toString())).isEmpty();
        assertThat(Fail2Ban.onPath("fail2ban-client", null)).isEmpty();
    }

    private void runPending() {
        Runnable next;
        while ((next = pending.poll()) != null) {
            next.run();
        }
    }
}
