package io.vigil.collector.procfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mount table of this process's mount namespace from {@code /proc/self/mountinfo}: what
 * {@code findmnt} and {@code df} list, read without OSHI's {@code lsblk} child process.
 */
public final class MountInfo {

    /**
     * One mount.
     *
     * @param mountPoint where it is mounted, octal escapes decoded ({@code /mnt/my disk})
     * @param source what is mounted: a device ({@code /dev/sda1}), a server share, or a name such as
     *     {@code tmpfs}; what {@code df} shows as "Filesystem"
     * @param type the file system type ({@code ext4}, {@code nfs4}, {@code fuse.sshfs})
     */
    public record Mount(String mountPoint, String source, String type) {
    }

    private MountInfo() {
    }

    /**
     * Parses {@code /proc/self/mountinfo}, one mount per line in the order they were mounted:
     * {@code id parent major:minor root mount-point options [optional fields...] - type source
     * super-options} (proc(5)). A line without the {@code -} separator is skipped.
     */
    public static List<Mount> parse(ProcText text) {
        text.rewind();
        List<Mount> mounts = new ArrayList<>();
        if (text.atEnd()) {
            return mounts;
        }
        do {
            if (text.atLineEnd()) {
                continue;
            }
            text.skipWord(); // mount id
            text.skipWord(); // parent id
            text.skipWord(); // major:minor
            text.skipWord(); // root of the mount within its file system
            String mountPoint = text.nextWord();
            text.skipWord(); // mount options
            String separator;
            do {
                separator = text.nextWord(); // optional fields (shared:1, master:2) until "-"
            } while (!separator.isEmpty() && !separator.equals("-"));
            if (separator.isEmpty()) {
                continue;
            }
            String type = text.nextWord();
            String source = text.nextWord();
            mounts.add(new Mount(unescape(mountPoint), unescape(source), unescape(type)));
        } while (text.nextLine());
        return mounts;
    }

    /**
     * One mount per mount point: where a path was mounted over, the last (top) mount is the one a
     * path lookup and {@code statvfs} reach, so it is the one kept; the order is that of the kept
     * lines.
     */
    public static List<Mount> visible(List<Mount> mounts) {
        Map<String, Mount> byPoint = new LinkedHashMap<>();
        for (Mount mount : mounts) {
            byPoint.remove(mount.mountPoint());
            byPoint.put(mount.mountPoint(), mount);
        }
        return new ArrayList<>(byPoint.values());
    }

    /**
     * Decodes the kernel's octal escapes (mountinfo writes a space as {@code \040}, a tab as
     * {@code \011}, a newline as {@code \012} and a backslash as {@code \134}) and then the
     * bytes as UTF-8: the kernel writes a path's bytes as they are, and {@link ProcText} read them
     * one char per byte.
     */
    static String unescape(String field) {
        boolean plain = true;
        for (int i = 0; i < field.length() && plain; i++) {
            char c = field.charAt(i);
            plain = c != '\\' && c < 0x80;
        }
        if (plain) {
            return field;
        }
        byte[] bytes = new byte[field.length()];
        int n = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field.charAt(i + 1)) && isOctal(field.charAt(i + 2))
                    && isOctal(field.charAt(i + 3))) {
                bytes[n++] = (byte) ((field.charAt(i + 1) - '0') * 64 + (field.charAt(i + 2) - '0') * 8
                        + (field.charAt(i + 3) - '0'));
                i += 3;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
