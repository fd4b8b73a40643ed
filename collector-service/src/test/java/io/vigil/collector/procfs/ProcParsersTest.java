package io.vigil.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.collector.procfs.DiskStats.Disk;
import io.vigil.collector.procfs.MountInfo.Mount;
import io.vigil.collector.procfs.NetDev.Interface;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /proc parsers on real-looking file contents ({@link ProcFixtures}). */
class ProcParsersTest {

    @Test
    void cpuTicksGiveTheTotalAndEachCpuFromOneRead() {
        CpuTicks before = new CpuTicks();
        CpuTicks after = new CpuTicks();

        before.parse(ProcText.of(ProcFixtures.STAT));
        after.parse(ProcText.of(ProcFixtures.STAT_LATER));

        assertThat(before.total()).isEqualTo(1000 + 10 + 500 + 8000 + 100 + 20);
        assertThat(before.idle()).isEqualTo(8100);
        assertThat(before.cpuCount()).isEqualTo(2);
        assertThat(before.cpuLimit()).isEqualTo(2);
        assertThat(CpuTicks.busy(before.total(), before.idle(), after.total(), after.idle())).isEqualTo(0.4);
        assertThat(CpuTicks.busy(before.total(0), before.idle(0), after.total(0), after.idle(0))).isEqualTo(0.8);
        assertThat(CpuTicks.busy(before.total(1), before.idle(1), after.total(1), after.idle(1))).isEqualTo(0.0);
    }

    @Test
    void cpuTicksCountOnlyTheFirstEightColumnsBecauseGuestTimeIsInsideUser() {
        CpuTicks ticks = new CpuTicks();

        ticks.parse(ProcText.of("cpu  1 2 3 4 5 6 7 8 1000 1000\ncpu0 1 2 3 4 5 6 7 8 1000 1000\n"));

        assertThat(ticks.total()).isEqualTo(36);
        assertThat(ticks.total(0)).isEqualTo(36);
        assertThat(ticks.idle(0)).isEqualTo(4 + 5);
    }

    @Test
    void anOfflineCpuHasNoLineAndTheOthersKeepTheirNumbers() {
        CpuTicks ticks = new CpuTicks();

        ticks.parse(ProcText.of("cpu  2 0 0 2 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\ncpu2 1 0 0 1 0 0 0 0\n"));

        assertThat(ticks.has(0)).isTrue();
        assertThat(ticks.has(1)).isFalse();
        assertThat(ticks.has(2)).isTrue();
        assertThat(ticks.cpuLimit()).isEqualTo(3);

        ticks.parse(ProcText.of("cpu  1 0 0 1 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\n"));
        assertThat(ticks.has(2)).as("a reading forgets the CPUs of the previous one").isFalse();
        assertThat(ticks.cpuLimit()).isEqualTo(1);
    }

    @Test
    void cpuUsageIsZeroWhenNoTickPassed() {
        assertThat(CpuTicks.busy(100, 50, 100, 50)).isEqualTo(0.0);
    }

    @Test
    void aStatFileWithoutCpuLineIsRejected() {
        assertThatThrownBy(() -> new CpuTicks().parse(ProcText.of("intr 1 2 3\n")))
                .isInstanceOf(NumberFormatException.class).hasMessageContaining("cpu");
    }

    @Test
    void memInfoIsInBytes() {
        MemInfo memory = MemInfo.parse(ProcText.of(ProcFixtures.MEMINFO));

        assertThat(memory).isEqualTo(new MemInfo(16303428L * 1024, 8151714L * 1024, 2097152L * 1024, 1048576L * 1024));
        assertThat(memory.swapUsed()).isEqualTo(1L << 30);
    }

    @Test
    void memInfoOfAKernelWithoutMemAvailableEstimatesItAsOshiDid() {
        String old = ProcFixtures.MEMINFO.replaceAll("MemAvailable:.*\n", "");

        MemInfo memory = MemInfo.parse(ProcText.of(old));

        assertThat(memory.available()).isEqualTo((1234567L + 2000000 + 3000000 + 400000) * 1024);
    }

    @Test
    void memInfoWithoutMemTotalIsRejected() {
        assertThatThrownBy(() -> MemInfo.parse(ProcText.of("MemFree: 12 kB\n")))
                .isInstanceOf(NumberFormatException.class).hasMessageContaining("MemTotal");
    }

    @Test
    void mountInfoListsEveryMountInOrderWithEscapesDecoded() {
        List<Mount> mounts = MountInfo.parse(ProcText.of(ProcFixtures.MOUNTINFO));

        assertThat(mounts).hasSize(16);
        assertThat(mounts.get(0)).isEqualTo(new Mount("/", "/dev/sda2", "ext4"));
        assertThat(mounts).contains(
                new Mount("/mnt/my disk", "/dev/nvme0n1p1", "ext4"),
                new Mount("/srv/share", "nas.example:/export/share", "nfs4"),
                new Mount("/home/alice/remote", "alice@nas.example:/home", "fuse.sshfs"),
                new Mount("/data", "/dev/sda2", "ext4"));
    }

    @Test
    void aMountPointMountedOverShowsTheTopMountOnly() {
        List<Mount> visible = MountInfo.visible(MountInfo.parse(ProcText.of(ProcFixtures.MOUNTINFO)));

        assertThat(visible).filteredOn(m -> m.mountPoint().equals("/var/lib/postgresql"))
                .containsExactly(new Mount("/var/lib/postgresql", "/dev/nvme0n1p3", "xfs"));
        assertThat(visible).hasSize(15);
    }

    @Test
    void octalEscapesAreDecodedAndUtf8PathsSurvive() {
        // ProcText reads one char per byte: "é" arrives as its two UTF-8 bytes.
        String utf8AsBytes = new String("/mnt/données".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(MountInfo.unescape("/mnt/a\\040b\\011c\\134d\\012e")).isEqualTo("/mnt/a b\tc\\d\ne");
        assertThat(MountInfo.unescape(utf8AsBytes)).isEqualTo("/mnt/données");
        assertThat(MountInfo.unescape("/plain")).isEqualTo("/plain");
        assertThat(MountInfo.unescape("/cut\\04")).isEqualTo("/cut\\04");
    }

    @Test
    void aMountInfoLineWithoutSeparatorIsSkipped() {
        List<Mount> mounts = MountInfo.parse(ProcText.of("22 1 8:2 / / rw,relatime shared:1\n"
                + "23 1 8:3 / /home rw master:7 shared:8 - btrfs /dev/sda3 rw\n"));

        assertThat(mounts).containsExactly(new Mount("/home", "/dev/sda3", "btrfs"));
    }

    @Test
    void diskStatsGiveBytesForEveryDevice() {
        List<Disk> disks = DiskStats.parse(ProcText.of(ProcFixtures.DISKSTATS));

        assertThat(disks).extracting(Disk::name).containsExactly("loop0", "ram0", "nvme0n1", "nvme0n1p1", "sda",
                "sda1", "sda2", "zram0");
        assertThat(disks).contains(new Disk("sda", 20000L * 512, 10000L * 512),
                new Disk("nvme0n1", 400000L * 512, 600000L * 512));
    }

    @Test
    void diskStatsOfOldKernelsWithFewerColumnsStillRead() {
        // Before 4.18 a line ended after the I/O time columns (14 fields).
        assertThat(DiskStats.parse(ProcText.of("   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n")))
                .containsExactly(new Disk("sda", 3 * 512, 7 * 512));
    }

    @Test
    void netDevGivesBytesAndErrorsPerInterfaceEvenWhenACounterTouchesTheColon() {
        List<Interface> interfaces = NetDev.parse(ProcText.of(ProcFixtures.NET_DEV));

        assertThat(interfaces).containsExactly(
                new Interface("lo", 1063828, 0, 1063828, 0),
                new Interface("eth0", 2303546230L, 2, 1251094, 1),
                new Interface("wg0", 5000, 0, 6000, 0),
                new Interface("ifb0", 0, 0, 0, 0));
    }

    @Test
    void aCutLineIsAnErrorNotAWrongNumber() {
        assertThatThrownBy(() -> NetDev.parse(ProcText.of("h1\nh2\n  eth0: 12 3\n")))
                .isInstanceOf(NumberFormatException.class);
    }
}
