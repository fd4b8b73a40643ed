package io.vigil.collector.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code /proc} files, on a fake {@code /proc} laid out in a temporary directory. */
class ProcFsTest {

    // A real line of /proc/<pid>/stat (a node process), but with a name that holds ") (".
    private static final String STAT = "4242 (node ) (x) S 1 4242 4242 0 -1 4194560 35181 0 12 0 "
            + "250 130 0 0 20 0 11 0 123456 1086763008 12345 18446744073709551615 1 1 0 0 0 0 0 "
            + "16781312 17922 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

    @TempDir
    Path proc;

    @Test
    void statGivesStartCpuAndResidentMemoryInOrdinaryUnits() {
        Optional<ProcessStat> stat = ProcFs.parseStat(STAT, 100, 4096);

        assertThat(stat).contains(new ProcessStat(1_234_560, 3_800, 12_345L * 4096));
    }

    @Test
    void aZombieIsNotRunning() {
        assertThat(ProcFs.parseStat(STAT.replace(") S 1", ") Z 1"), 100, 4096)).isEmpty();
    }

    @Test
    void aTruncatedLineIsNoAnswerRatherThanAnError() {
        assertThat(ProcFs.parseStat("4242 (node) S 1 4242", 100, 4096)).isEmpty();
        assertThat(ProcFs.parseStat("", 100, 4096)).isEmpty();
    }

    @Test
    void commandLineJoinsArgumentsWithSpacesAsPsShowsThem() {
        byte[] cmdline = "node\0/srv/api/server.js\0--port\0003000\0".getBytes(StandardCharsets.UTF_8);

        assertThat(ProcFs.joinArguments(cmdline)).isEqualTo("node /srv/api/server.js --port 3000");
        assertThat(ProcFs.joinArguments(new byte[0])).isEmpty();
    }

    @Test
    void readsAFakeProcTree() throws IOException {
        Files.writeString(proc.resolve("uptime"), "350735.47 234388.90\n");
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/stat"), STAT + "\n");
        Files.write(proc.resolve("4242/cmdline"), "node\0server.js\0".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys"));
        ProcFs fs = new ProcFs(proc, 100, 4096);

        assertThat(fs.available()).isTrue();
        assertThat(fs.pids()).containsExactly(4242L);
        assertThat(fs.uptimeMillis()).isEqualTo(350_735_470L);
        assertThat(fs.stat(4242)).map(ProcessStat::cpuMillis).contains(3_800L);
        assertThat(fs.commandLine(4242)).contains("node server.js");
        assertThat(fs.stat(999)).as("exited").isEmpty();
        assertThat(fs.commandLine(999)).as("exited").isEmpty();
    }

    @Test
    void aMissingRootIsUnavailable() {
        assertThat(new ProcFs(proc.resolve("absent"), 100, 4096).available()).isFalse();
    }
}
