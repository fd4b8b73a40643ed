package io.vigil.collector.sampling;

import java.util.Set;

/**
 * Decides which file systems, disks and network interfaces are worth a series. Pseudo devices
 * report numbers that mean nothing to an operator (tmpfs size is a RAM limit, a loop device mirrors
 * a file on a real disk) and would multiply series on busy hosts (one overlay per container).
 */
public final class DeviceFilter {

    /**
     * File system types that are not storage. OSHI already drops most kernel pseudo file systems
     * on Linux; this list also covers other platforms and what OSHI keeps (tmpfs, overlay, squashfs).
     */
    static final Set<String> PSEUDO_FILE_SYSTEM_TYPES = Set.of(
            "tmpfs", "devtmpfs", "ramfs", "proc", "sysfs", "devpts", "devfs", "securityfs", "debugfs",
            "tracefs", "configfs", "fusectl", "pstore", "bpf", "mqueue", "hugetlbfs", "autofs",
            "binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "nfsd", "selinuxfs", "squashfs", "iso9660",
            "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "overlay", "aufs", "shm", "none");

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
