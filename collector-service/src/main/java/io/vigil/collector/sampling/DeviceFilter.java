package io.vigil.collector.sampling;

import java.util.Set;

/**
 * Decides which file systems, disks and network interfaces are worth a series. Pseudo devices
 * report numbers that mean nothing to an operator (tmpfs size is a RAM limit, a loop device mirrors
 * a file on a real disk) and would multiply series on busy hosts (one overlay per container).
 */
public final class DeviceFilter {

    /**
     * File system types that are not storage: kernel interfaces, memory, images mounted from a file
     * (squashfs snaps, ISO images) and per-container overlays. On Linux the collector reads the
     * mount table itself, so this list holds OSHI's pseudo types too (rootfs, dax, fuse, ecryptfs…),
     * which it used to drop before this filter saw them.
     */
    static final Set<String> PSEUDO_FILE_SYSTEM_TYPES = Set.of(
            "tmpfs", "devtmpfs", "ramfs", "proc", "sysfs", "devpts", "devfs", "securityfs", "debugfs",
            "tracefs", "configfs", "fusectl", "pstore", "bpf", "mqueue", "hugetlbfs", "autofs",
            "binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "nfsd", "selinuxfs", "squashfs", "iso9660",
            "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "overlay", "aufs", "shm", "none",
            "rootfs", "anon_inodefs", "bdev", "cpuset", "dax", "drm", "ecryptfs", "fuse", "inotifyfs",
            "procfs", "sunrpc", "systemd-1", "usbfs", "ctfs", "fdescfs", "objfs", "mntfs", "sharefs", "lofs");

    /**
     * File system types served over the network. They get no series: a {@code statvfs} on a share
     * whose server is gone can block the whole tick, and the server's own agent reports its disks.
     */
    static final Set<String> NETWORK_FILE_SYSTEM_TYPES = Set.of(
            "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncp", "ncpfs", "afs", "ceph", "glusterfs", "lustre",
            "davfs", "sshfs", "fuse.sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.s3fs", "fuse.rclone",
            "fuse.davfs2", "gfs", "gds2");

    /**
     * Mount points below which nothing is user storage. Not {@code /run}: udisks mounts USB disks
     * under {@code /run/media}, and the tmpfs at {@code /run} itself is dropped by type.
     */
    private static final Set<String> PSEUDO_MOUNT_PREFIXES = Set.of("/proc/", "/sys/", "/dev/");

    private DeviceFilter() {
    }

    /**
     * Whether a mounted file system gets no series. Overlay is kept only when it is the root of a
     * container ({@code /}): there it is the only view of the disk the agent lives on, while the
     * per-container overlays under {@code /var/lib/docker} all repeat the same backing disk.
     */
    public static boolean isPseudoFileSystem(String type, String mount) {
        String t = type == null ? "" : type.toLowerCase();
        if (t.equals("overlay") && "/".equals(mount)) {
            return false;
        }
        if (PSEUDO_FILE_SYSTEM_TYPES.contains(t) || t.startsWith("cgroup")) {
            return true;
        }
        if (mount == null || mount.isEmpty()) {
            return true;
        }
        for (String prefix : PSEUDO_MOUNT_PREFIXES) {
            if (mount.equals(prefix.substring(0, prefix.length() - 1)) || mount.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file system type is served over the network ({@code nfs4}, {@code cifs}, {@code fuse.sshfs}). */
    public static boolean isNetworkFileSystem(String type) {
        return type != null && NETWORK_FILE_SYSTEM_TYPES.contains(type.toLowerCase());
    }

    /** Whether a block device is a loop or RAM disk, whose I/O is counted again on a real disk. */
    public static boolean isPseudoDisk(String name) {
        String base = name == null ? "" : name.substring(name.lastIndexOf('/') + 1);
        return base.startsWith("loop") || base.startsWith("ram");
    }

    /** Whether an interface is loopback: its traffic never leaves the host. */
    public static boolean isLoopback(String name, boolean loopbackFlag) {
        return loopbackFlag || "lo".equals(name) || (name != null && name.startsWith("lo0"));
    }
}
