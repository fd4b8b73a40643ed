package io.vigil.collector.sampling;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the collector finds the host it samples: its {@code /proc}, {@code /sys} and {@code /}
 * (node_exporter's {@code --path.procfs}, {@code --path.sysfs}, {@code --path.rootfs}). On the host
 * itself they are {@code /proc}, {@code /sys} and {@code /}; in a container they are where the
 * host's are mounted, such as {@code /host/proc}, {@code /host/sys} and {@code /host/root}.
 *
 * @param procfs the host's {@code /proc}
 * @param sysfs the host's {@code /sys}
 * @param rootfs the host's {@code /}: a file system mounted at {@code /data} on the host is at
 *     rootfs + {@code /data} here
 */
public record HostPaths(Path procfs, Path sysfs, Path rootfs) {

    private static final Path PROC = Path.of("/proc");
    private static final Path ROOT = Path.of("/");

    /** The machine this JVM runs on, seen from its own mount namespace. */
    public static final HostPaths THIS_HOST = new HostPaths(PROC, Path.of("/sys"), ROOT);

    public HostPaths {
        Objects.requireNonNull(procfs, "procfs");
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(rootfs, "rootfs");
    }

    /**
     * The host's mount table: this process's own ({@code self/mountinfo}) when procfs is this
     * machine's {@code /proc}, else init's ({@code 1/mountinfo}), because the {@code self} of a
     * host's {@code /proc} mounted into a container is the container, whose mounts are not the host's.
     */
    public Path mountTable() {
        return procfs.equals(PROC) ? procfs.resolve("self/mountinfo") : procfs.resolve("1/mountinfo");
    }

    /** Where a host's mount point is reached from here: itself under {@code /}, else below rootfs. */
    public File mountPoint(String hostMountPoint) {
        if (rootfs.equals(ROOT)) {
            return new File(hostMountPoint);
        }
        String relative = hostMountPoint.startsWith("/") ? hostMountPoint.substring(1) : hostMountPoint;
        return relative.isEmpty() ? rootfs.toFile() : rootfs.resolve(relative).toFile();
    }

    /** Whether these are the paths of the machine this JVM runs on (none points elsewhere). */
    public boolean isThisHost() {
        return equals(THIS_HOST);
    }
}
