package io.vigil.collector.process;

import static io.vigil.collector.process.ProcessWatcher.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.events.MetricSample;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The watcher's bookkeeping, driven tick by tick through a fake process table. */
class ProcessWatcherTest {

    private static final String SERVER = "node /srv/api/server.js --port 3000";
    private final FakeProcessTable table = new FakeProcessTable();
    private final ProcessWatcher watcher = new ProcessWatcher(
            List.of(new ProcessGroup("api", Pattern.compile("node .*server.js"))), table, 1);

    @Test
    void reportsEverySeriesOfAGroupWithItsProcessLabel() {
        table.start(100, SERVER).resident(100, 50_000).start(101, SERVER).resident(101, 70_000)
                .start(102, "/usr/sbin/sshd -D");

        List<MetricSample> samples = watcher.sample();

        assertThat(samples).extracting(MetricSample::name).containsExactly(UP, INSTANCES, CPU_USAGE_RATIO,
                RESIDENT_MEMORY_BYTES, RESTARTS_TOTAL, UPTIME_SECONDS);
        assertThat(samples).allSatisfy(s -> assertThat(s.labels()).containsExactlyEntriesOf(
                java.util.Map.of(PROCESS, "api")));
        assertThat(value(samples, UP)).isEqualTo(1);
        assertThat(value(samples, INSTANCES)).isEqualTo(2);
        assertThat(value(samples, RESIDENT_MEMORY_BYTES)).isEqualTo(120_000);
        assertThat(value(samples, CPU_USAGE_RATIO)).as("first tick").isZero();
    }

    @Test
    void aGroupWithNothingRunningIsDownWithZeroes() {
        table.start(102, "/usr/sbin/sshd -D");

        List<MetricSample> samples = watcher.sample();

        assertThat(value(samples, UP)).isZero();
        assertThat(value(samples, INSTANCES)).isZero();
        assertThat(value(samples, RESIDENT_MEMORY_BYTES)).isZero();
        assertThat(value(samples, UPTIME_SECONDS)).isZero();
    }

    @Test
    void cpuRatioIsTheGroupsCpuTimeSinceThePreviousTickOverWallTime() {
        table.start(100, SERVER).start(101, SERVER);
        watcher.sample();

        table.advance(2_000).useCpu(100, 1_500).useCpu(101, 1_000);
        assertThat(value(watcher.sample(), CPU_USAGE_RATIO)).as("2.5 s of CPU in 2 s: above one core")
                .isCloseTo(1.25, within(1e-9));

        table.advance(1_000).useCpu(100, 100);
        assertThat(value(watcher.sample(), CPU_USAGE_RATIO)).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void aProcessStartedSinceThePreviousTickCountsAllItsCpuButAnOldOneSeenLateCountsNone() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(500).start(101, SERVER).useCpu(101, 300)
                .startedAt(102, SERVER, 0).useCpu(102, 900_000).advance(500);

        assertThat(value(watcher.sample(), CPU_USAGE_RATIO)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void respawnWithinOneTickCountsOneRestart() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(1_000).kill(100).start(200, SERVER);
        List<MetricSample> samples = watcher.sample();

        assertThat(value(samples, RESTARTS_TOTAL)).isEqualTo(1);
        assertThat(value(samples, UP)).isEqualTo(1);
    }

    @Test
    void respawnOnTheNextTickCountsOneRestartAndTheDownTickInBetweenShows() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(1_000).kill(100);
        List<MetricSample> down = watcher.sample();
        table.advance(1_000).start(200, SERVER);
        List<MetricSample> back = watcher.sample();

        assertThat(value(down, UP)).isZero();
        assertThat(value(down, RESTARTS_TOTAL)).isZero();
        assertThat(value(back, RESTARTS_TOTAL)).isEqualTo(1);
    }

    @Test
    void aStartTwoTicksAfterTheExitIsNoRestart() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(1_000).kill(100);
        watcher.sample();
        table.advance(1_000);
        watcher.sample();
        table.advance(1_000).start(200, SERVER);

        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).isZero();
    }

    @Test
    void scaleUpAndFirstStartAreNoRestarts() {
        watcher.sample();

        table.advance(1_000).start(100, SERVER);
        watcher.sample();
        table.advance(1_000).start(101, SERVER).start(102, SERVER);
        List<MetricSample> samples = watcher.sample();

        assertThat(value(samples, RESTARTS_TOTAL)).isZero();
        assertThat(value(samples, INSTANCES)).isEqualTo(3);
    }

    @Test
    void startBeforeExitLikeAGracefulReloadIsNoRestart() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(1_000).start(200, SERVER);
        watcher.sample();
        table.advance(1_000).kill(100);

        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).isZero();
    }

    @Test
    void eachExitPairsWithAtMostOneStart() {
        table.start(100, SERVER).start(101, SERVER);
        watcher.sample();

        table.advance(1_000).kill(100).kill(101).start(200, SERVER);
        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).as("one exit left unpaired").isEqualTo(1);
        table.advance(1_000).start(201, SERVER).start(202, SERVER);
        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).as("the leftover exit pairs once").isEqualTo(2);
        table.advance(1_000).start(203, SERVER);
        assertThat(value(watcher.sample(), RESTARTS_TOTAL)).isEqualTo(2);
    }

    @Test
    void aPidReusedByANewProcessIsARestart() {
        table.start(100, SERVER);
        watcher.sample();

        table.advance(1_000).kill(100).start(100, SERVER);
        List<MetricSample> samples = watcher.sample();

        assertThat(value(samples, RESTARTS_TOTAL)).isEqualTo(1);
        assertThat(value(samples, UPTIME_SECONDS)).isZero();
    }

    @Test
    void restartsNeverDecreaseWhenEverythingStops() {
        table.start(100, SERVER);
        watcher.sample();
        table.advance(1_000).kill(100).start(200, SERVER);
        watcher.sample();

        table.advance(1_000).kill(200);
        List<MetricSample> samples = watcher.sample();

        assertThat(value(samples, RESTARTS_TOTAL)).isEqualTo(1);
        assertThat(value(samples, UP)).isZero();
    }

    @Test
    void uptimeIsThatOfTheOldestProcess() {
        table.start(100, SERVER).advance(5_000).start(101, SERVER).advance(2_500);

        assertThat(value(watcher.sample(), UPTIME_SECONDS)).isEqualTo(7.5);
    }

    @Test
    void aChildCaughtBetweenForkAndExecIsReclassifiedOnTheNextTick() {
        watcher.sample();
        table.advance(1_000).start(300, "/usr/bin/java -jar collector.jar");
        watcher.sample();

        table.advance(1_000).exec(300, SERVER);

        assertThat(value(watcher.sample(), INSTANCES)).isEqualTo(1);
    }

    @Test
    void anOutsidersCommandLineIsReadTwiceThenNeverAgain() {
        table.start(102, "/usr/sbin/sshd -D");
        for (int i = 0; i < 5; i++) {
            watcher.sample();
            table.advance(1_000);
        }

        assertThat(table.commandLineReads).isEqualTo(2);
    }

    @Test
    void theWatchersOwnProcessIsNeverCounted() {
        ProcessWatcher greedy = new ProcessWatcher(List.of(new ProcessGroup("jvm", Pattern.compile("java"))),
                table, 1);
        table.start(1, "/usr/bin/java -jar collector.jar");

        assertThat(value(greedy.sample(), INSTANCES)).isZero();
    }

    @Test
    void kernelThreadsNeverMatch() {
        ProcessWatcher all = new ProcessWatcher(List.of(new ProcessGroup("all", Pattern.compile(".*"))), table, 1);
        table.start(2, "");

        assertThat(value(all.sample(), INSTANCES)).isZero();
    }

    @Test
    void aProcessInTwoGroupsCountsInEach() {
        ProcessWatcher two = new ProcessWatcher(List.of(new ProcessGroup("api", Pattern.compile("server\\.js")),
                new ProcessGroup("node", Pattern.compile("^node "))), table, 1);
        table.start(100, SERVER);

        List<MetricSample> samples = two.sample();

        assertThat(samples).filteredOn(s -> s.name().equals(INSTANCES)).extracting(MetricSample::value)
                .containsExactly(1.0, 1.0);
    }

    @Test
    void noProcfsMeansNoSamples() {
        ProcessWatcher offLinux = new ProcessWatcher(List.of(new ProcessGroup("api", Pattern.compile("x"))),
                new Unavailable(), 1);

        assertThat(offLinux.sample()).isEmpty();
        assertThat(offLinux.sample()).as("asked again, still nothing").isEmpty();
    }

    @Test
    void groupNamesMustBeUnique() {
        assertThatThrownBy(() -> new ProcessWatcher(List.of(new ProcessGroup("api", Pattern.compile("a")),
                new ProcessGroup("api", Pattern.compile("b"))), table, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api");
    }

    private static double value(List<MetricSample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static final class Unavailable implements ProcessTable {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public long[] pids() {
            throw new AssertionError("not to be asked");
        }

        @Override
        public Optional<ProcessStat> stat(long pid) {
            throw new AssertionError("not to be asked");
        }

        @Override
        public Optional<String> commandLine(long pid) {
            throw new AssertionError("not to be asked");
        }

        @Override
        public long uptimeMillis() {
            throw new AssertionError("not to be asked");
        }
    }
}
