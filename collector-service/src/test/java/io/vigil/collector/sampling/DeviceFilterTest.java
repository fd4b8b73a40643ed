package io.vigil.collector.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceFilterTest {

    @ParameterizedTest
    @CsvSource({
            "tmpfs, /dev/shm",
            "tmpfs, /run",
            "devtmpfs, /dev",
            "proc, /proc",
            "sysfs, /sys",
            "cgroup, /sys/fs/cgroup/cpu",
            "cgroup2, /sys/fs/cgroup/unified",
            "squashfs, /snap/core/123",
            "overlay, /var/lib/docker/overlay2/abc/merged",
            "nsfs, /run/docker/netns/x",
            "ext4, /sys/kernel/whatever",
            "ext4, ''",
            "TMPFS, /mnt/ram"})
    void pseudoFileSystemsGetNoSeries(String type, String mount) {
        assertThat(DeviceFilter.isPseudoFileSystem(type, mount)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "ext4, /",
            "xfs, /var/lib/postgresql",
            "btrfs, /home",
            "vfat, /boot/efi",
            "zfs, /tank",
            "ntfs, C:\\",
            "ext4, /run/media/alice/usb",
            "overlay, /"})
    void storageFileSystemsAreKept(String type, String mount) {
        assertThat(DeviceFilter.isPseudoFileSystem(type, mount)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"nfs, true", "nfs4, true", "NFS4, true", "cifs, true", "smb3, true", "fuse.sshfs, true",
            "ceph, true", "glusterfs, true", "ext4, false", "xfs, false", "fuse.rclone, true", "fuseblk, false",
            "'', false"})
    void networkFileSystemsAreTold(String type, boolean network) {
        assertThat(DeviceFilter.isNetworkFileSystem(type)).isEqualTo(network);
    }

    @ParameterizedTest
    @CsvSource({"rootfs, /", "fuse, /run/user/1000/doc", "ecryptfs, /home/alice", "dax, /mnt/pmem"})
    void oshisPseudoTypesGetNoSeriesEither(String type, String mount) {
        assertThat(DeviceFilter.isPseudoFileSystem(type, mount)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"/dev/loop0, true", "loop7, true", "/dev/ram0, true", "/dev/vda, false", "/dev/nvme0n1, false",
            "/dev/zram0, false", "\\\\.\\PHYSICALDRIVE0, false", "disk0, false"})
    void loopAndRamDisksAreSkipped(String name, boolean pseudo) {
        assertThat(DeviceFilter.isPseudoDisk(name)).isEqualTo(pseudo);
    }

    @ParameterizedTest
    @CsvSource({"lo, false, true", "lo0, false, true", "eth0, true, true", "eth0, false, false", "wlan0, false, false"})
    void loopbackInterfacesAreSkipped(String name, boolean flag, boolean loopback) {
        assertThat(DeviceFilter.isLoopback(name, flag)).isEqualTo(loopback);
    }
}
