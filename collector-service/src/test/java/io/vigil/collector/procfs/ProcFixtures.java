package io.vigil.collector.procfs;

/**
 * Real-looking contents of the /proc files the collector reads, shared by the parser tests and the
 * sampler's fake-tree test. Trimmed where long, never reformatted: columns, padding and the colon
 * touching a large counter are as the kernel writes them.
 */
public final class ProcFixtures {

    /** Two CPUs; cpu0 busy 800 of its 1,000 ticks until {@link #STAT_LATER}, cpu1 idle. */
    public static final String STAT = """
            cpu  1000 10 500 8000 100 0 20 0 0 0
            cpu0 500 5 250 4000 50 0 10 0 0 0
            cpu1 500 5 250 4000 50 0 10 0 0 0
            intr 1234567 9 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
            ctxt 9876543
            btime 1700000000
            processes 4242
            procs_running 2
            procs_blocked 0
            softirq 100 0 50 0 10 0 0 40 0 0 0
            """;

    /** {@link #STAT} 1,000 ticks later: cpu0 +60 user, +20 system, +15 idle, +5 iowait; cpu1 +100 idle. */
    public static final String STAT_LATER = """
            cpu  1060 10 520 8115 105 0 20 0 0 0
            cpu0 560 5 270 4015 55 0 10 0 0 0
            cpu1 500 5 250 4100 50 0 10 0 0 0
            intr 1234999 9 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
            ctxt 9876999
            btime 1700000000
            processes 4250
            procs_running 1
            procs_blocked 0
            softirq 120 0 60 0 12 0 0 48 0 0 0
            """;

    /** Available is exactly half of total; 1 GiB of the 2 GiB of swap is free. */
    public static final String MEMINFO = """
            MemTotal:       16303428 kB
            MemFree:         1234567 kB
            MemAvailable:    8151714 kB
            Buffers:          345678 kB
            Cached:          5678901 kB
            SwapCached:            0 kB
            Active:          6543210 kB
            Inactive:        4321098 kB
            Active(anon):    4543210 kB
            Inactive(anon):  1321098 kB
            Active(file):    2000000 kB
            Inactive(file):  3000000 kB
            Unevictable:           0 kB
            Mlocked:               0 kB
            SwapTotal:       2097152 kB
            SwapFree:        1048576 kB
            Dirty:              1234 kB
            SReclaimable:     400000 kB
            SUnreclaim:       100000 kB
            HugePages_Total:       0
            HugePages_Free:        0
            Hugepagesize:       2048 kB
            """;

    /**
     * A host with a space in a mount point, a vfat ESP, a bind mount of a subdirectory, a data
     * directory mounted over twice (ext4, then xfs on top), NFS and SSHFS shares, a snap, a
     * container overlay and the kernel's pseudo file systems.
     */
    public static final String MOUNTINFO = """
            22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
            23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
            25 22 0:5 / /dev rw,nosuid,relatime shared:3 - devtmpfs udev rw,size=8123456k,nr_inodes=2030864,mode=755
            26 25 0:23 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw
            27 22 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1632000k,mode=755
            28 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
            29 22 8:1 / /boot/efi rw,relatime shared:30 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437
            30 22 259:2 / /mnt/my\\040disk rw,relatime shared:31 - ext4 /dev/nvme0n1p1 rw
            31 22 8:2 /srv/data /data rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
            32 22 259:3 / /var/lib/postgresql rw,relatime shared:32 - ext4 /dev/nvme0n1p2 rw
            33 32 259:4 / /var/lib/postgresql rw,relatime shared:33 - xfs /dev/nvme0n1p3 rw,attr2,inode64
            34 22 0:50 / /srv/share rw,relatime shared:40 - nfs4 nas.example:/export/share rw,vers=4.2,addr=192.0.2.10
            35 22 0:51 / /home/alice/remote rw,nosuid,nodev,relatime shared:41 - fuse.sshfs alice@nas.example:/home rw,user_id=1000
            36 22 7:0 / /snap/core20/2318 ro,nodev,relatime shared:42 - squashfs /dev/loop0 ro
            37 22 0:52 / /var/lib/docker/overlay2/4f1c/merged rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/A:/var/lib/docker/overlay2/l/B
            """;

    /** Whole disks with partitions, a loop device, a RAM disk and zram; sectors are 512 bytes. */
    public static final String DISKSTATS = """
               7       0 loop0 120 0 2400 10 0 0 0 0 0 20 10 0 0 0 0 0 0
               1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
             259       0 nvme0n1 5000 100 400000 900 3000 200 600000 1200 0 1500 2100 0 0 0 0 0 0
             259       1 nvme0n1p1 4000 90 300000 800 2500 150 500000 1000 0 1300 1800 0 0 0 0 0 0
               8       0 sda 1000 10 20000 100 500 5 10000 50 0 120 150 0 0 0 0 0 0
               8       1 sda1 900 10 18000 90 400 5 9000 45 0 110 135 0 0 0 0 0 0
               8       2 sda2 100 0 2000 10 100 0 1000 5 0 10 15 0 0 0 0 0 0
             253       0 zram0 50 0 400 0 60 0 480 0 0 0 0 0 0 0 0 0 0
            """;

    /** Loopback, an Ethernet card whose byte counter touches the colon, a WireGuard tunnel, an ifb that is down. */
    public static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 1063828    4227    0    0    0     0          0         0  1063828    4227    0    0    0     0       0          0
              eth0:2303546230 8813    2    0    0     0          0         0  1251094    6538    1    0    0     0       0          0
               wg0:    5000      40    0    0    0     0          0         0     6000      50    0    0    0     0       0          0
              ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
            """;

    private ProcFixtures() {
    }
}
