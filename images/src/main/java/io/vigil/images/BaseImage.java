package io.vigil.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the base image of every Vigil service image as a tar, with Jib and without a Docker daemon
 * or a registry: this machine's build has neither, and Quarkus's Jib extension reads a {@code tar://}
 * base as readily as a registry one.
 *
 * <p>The image holds, on an empty root:
 * <ul>
 *   <li>the build's own Java runtime at {@code /opt/java}, copied as it is (not jlinked), so the
 *       class-data archive each service's build writes with that JDK maps in the container too (a
 *       jlinked runtime has another module image and the JVM refuses the archive);</li>
 *   <li>the C libraries that runtime links against, found with {@code ldd} and copied from this
 *       machine under the names the loader asks for (glibc, libstdc++, libgcc_s, zlib): no shell, no
 *       package manager, nothing else;</li>
 *   <li>{@code /etc/passwd} and {@code /etc/group} with the unprivileged user {@code vigil}
 *       ({@value #UID}:{@value #UID}) the images run as, {@code /etc/nsswitch.conf}, {@code /tmp};</li>
 *   <li>{@link Probe} in {@value #PROBE_CLASSPATH}, the health check for compose.</li>
 * </ul>
 * Files get a fixed time and root ownership, so the same JDK and libraries give the same layers.
 *
 * <p>Usage: {@code BaseImage --jdk=DIR --classes=DIR --output=FILE.tar --name=REF --work=DIR}.
 */
public final class BaseImage {

    static final int UID = 10001;
    static final String JAVA_HOME = "/opt/java";
    static final String PROBE_CLASSPATH = "/opt/vigil/probe";
    /** Jib's own default for reproducible layers. */
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    /** Parts of a JDK a server JVM never reads: headers, sources, docs, jmods, javac's symbol table. */
    private static final Set<String> SKIPPED_JDK_ENTRIES = Set.of("include", "jmods", "man", "docs", "demo", "lib/src.zip", "lib/ct.sym");

    /**
     * The JDK's desktop and sound libraries: never loaded by a headless service, and their X11,
     * ALSA or ATK dependencies are what a server image leaves out. Kept in the runtime (its module
     * image stays whole for the class-data archive), not followed by {@code ldd}.
     */
    private static final Set<String> DESKTOP_LIBRARIES = Set.of(
            "libawt.so", "libawt_xawt.so", "libawt_headless.so", "libfontmanager.so", "libjawt.so", "libjsound.so",
            "liblcms.so", "libjavajpeg.so", "libmlib_image.so", "libsplashscreen.so", "libatk-wrapper.so", "libj2pcsc.so");

    private BaseImage() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path jdk = Path.of(require(options, "jdk")).toRealPath();
        Path output = Path.of(require(options, "output")).toAbsolutePath();
        Path classes = Path.of(require(options, "classes")).toAbsolutePath();
        Path work = Path.of(require(options, "work")).toAbsolutePath();
        String name = require(options, "name");
        build(jdk, classes, output, name, work);
    }

    /** Builds the image and returns its digest. */
    public static String build(Path jdk, Path classes, Path output, String name, Path work) throws Exception {
        if (!Files.isExecutable(jdk.resolve("bin/java"))) {
            throw new IllegalArgumentException("--jdk: " + jdk + " has no bin/java");
        }
        if (!Files.isRegularFile(jdk.resolve("lib/server/classes.jsa"))) {
            throw new IllegalArgumentException("--jdk: " + jdk + " has no default class-data archive (lib/server/classes.jsa),"
                    + " which the services' archives are built on; use a JDK that ships one (Debian's openjdk-17, Temurin)");
        }
        Files.createDirectories(work);
        Files.createDirectories(output.getParent());

        FileEntriesLayer.Builder libraries = FileEntriesLayer.builder().setName("libraries");
        for (Map.Entry<String, Path> library : sharedLibraries(jdk).entrySet()) {
            libraries.addEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()), permissionsOf(library.getValue()), FILE_TIME);
        }

        FileEntriesLayer.Builder runtime = FileEntriesLayer.builder().setName("jre");
        addTree(runtime, jdk, jdk, AbsoluteUnixPath.get(JAVA_HOME));

        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("etc");
        Path etc = Files.createDirectories(work.resolve("etc"));
        system.addEntry(write(etc.resolve("passwd"),
                        "root:x:0:0:root:/root:/sbin/nologin\n"
                        + "vigil:x:" + UID + ":" + UID + ":Vigil:/home/vigil:/sbin/nologin\n"),
                AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.fromOctalString("644"), FILE_TIME);
        system.addEntry(write(etc.resolve("group"), "root:x:0:\nvigil:x:" + UID + ":\n"),
                AbsoluteUnixPath.get("/etc/group"), FilePermissions.fromOctalString("644"), FILE_TIME);
        // Names from /etc/hosts (the container runtime writes it) first, then DNS: glibc's own default
        // would try NIS first.
        system.addEntry(write(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n"),
                AbsoluteUnixPath.get("/etc/nsswitch.conf"), FilePermissions.fromOctalString("644"), FILE_TIME);
        // Jib cannot set the sticky bit; the one user of the image is vigil, and compose and Kubernetes
        // mount a tmpfs / emptyDir over /tmp anyway (the root file system is read-only there).
        Path emptyDir = Files.createDirectories(work.resolve("empty"));
        system.addEntry(emptyDir, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), FILE_TIME);
        system.addEntry(emptyDir, AbsoluteUnixPath.get("/home/vigil"), FilePermissions.fromOctalString("755"), FILE_TIME,
                UID + ":" + UID);

        // The health check for runtimes that probe with a command (compose): there is no shell or curl.
        FileEntriesLayer.Builder probe = FileEntriesLayer.builder().setName("probe");
        Path probeClass = classes.resolve("io/vigil/images/Probe.class");
        if (!Files.isRegularFile(probeClass)) {
            throw new IllegalArgumentException("--classes: " + classes + " has no io/vigil/images/Probe.class");
        }
        probe.addEntry(probeClass, AbsoluteUnixPath.get(PROBE_CLASSPATH + "/io/vigil/images/Probe.class"),
                FilePermissions.fromOctalString("644"), FILE_TIME);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JAVA_HOME", JAVA_HOME);
        environment.put("PATH", JAVA_HOME + "/bin:/usr/bin:/bin");
        environment.put("LANG", "C.UTF-8");

        Path partial = output.resolveSibling(output.getFileName() + ".part");
        JibContainer container = Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(libraries.build())
                .addFileEntriesLayer(runtime.build())
                .addFileEntriesLayer(system.build())
                .addFileEntriesLayer(probe.build())
                .setEnvironment(environment)
                .setUser(UID + ":" + UID)
                .setWorkingDirectory(AbsoluteUnixPath.get("/home/vigil"))
                .setEntrypoint(JAVA_HOME + "/bin/java", "-version")
                .addLabel("io.vigil.java.version", javaVersion(jdk))
                .containerize(Containerizer.to(TarImage.at(partial).named(name))
                        .setApplicationLayersCache(work.resolve("cache"))
                        .setBaseImageLayersCache(work.resolve("cache"))
                        .setOfflineMode(true)
                        .setToolName("vigil-images"));
        // Renamed when complete: a build killed while writing never leaves a truncated base for the services.
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[vigil-images] base image " + name + " (" + container.getDigest() + ") written to " + output);
        return container.getDigest().toString();
    }

    /**
     * The C libraries the runtime's launcher, JVM and native libraries load, by the path the loader
     * looks them up under (what {@code ldd} prints), each with the real file to copy there.
     */
    static Map<String, Path> sharedLibraries(Path jdk) throws IOException, InterruptedException {
        List<Path> binaries = new ArrayList<>();
        binaries.add(jdk.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(jdk.resolve("lib"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".so"))
                    .filter(f -> !DESKTOP_LIBRARIES.contains(f.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .forEach(binaries::add);
        }
        Map<String, Path> libraries = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Path binary : binaries) {
            for (String line : ldd(binary)) {
                LddLine parsed = LddLine.parse(line);
                if (parsed == null) {
                    continue;
                }
                if (parsed.path == null) {
                    if (inRuntime(jdk, parsed.name)) {
                        continue; // libjvm.so: the launcher loads it from the runtime itself, by path
                    }
                    missing.add(jdk.relativize(binary) + " needs " + parsed.name);
                    continue;
                }
                Path real = Path.of(parsed.path).toRealPath();
                if (real.startsWith(jdk)) {
                    continue;
                }
                libraries.put(parsed.path, real);
                // The loader also opens itself by its file's own name (libc names ld-linux-x86-64.so.2).
                if (parsed.name.startsWith("/")) {
                    libraries.put(real.toString(), real);
                }
            }
        }
        if (!missing.isEmpty()) {
            System.out.println("[vigil-images] not in the image (not found on this machine either): " + missing);
        }
        if (libraries.keySet().stream().noneMatch(l -> l.endsWith("/libc.so.6"))) {
            throw new IllegalStateException("ldd found no libc for " + jdk.resolve("bin/java") + ": " + libraries);
        }
        return libraries;
    }

    private static boolean inRuntime(Path jdk, String library) throws IOException {
        try (Stream<Path> files = Files.walk(jdk.resolve("lib"))) {
            return files.anyMatch(f -> f.getFileName().toString().equals(library));
        }
    }

    /** One line of {@code ldd}'s output: a library's name and where it resolved (null: not found). */
    record LddLine(String name, String path) {

        static LddLine parse(String line) {
            String text = line.trim();
            if (text.isEmpty() || text.startsWith("linux-vdso") || text.startsWith("statically linked")) {
                return null;
            }
            int arrow = text.indexOf(" => ");
            if (arrow < 0) {
                // "/lib64/ld-linux-x86-64.so.2 (0x…)": the program interpreter, by its absolute path.
                String name = text.split("\\s+")[0];
                return name.startsWith("/") ? new LddLine(name, name) : null;
            }
            String name = text.substring(0, arrow).trim();
            String target = text.substring(arrow + 4).trim();
            if (target.startsWith("not found")) {
                return new LddLine(name, null);
            }
            return new LddLine(name, target.split("\\s+")[0]);
        }
    }

    private static List<String> ldd(Path binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0 && !output.contains("not a dynamic executable")) {
            throw new IOException("ldd " + binary + " exited with " + exit + ": " + output);
        }
        return output.lines().toList();
    }

    /**
     * Adds every file of the runtime under {@code target}, symbolic links followed (Debian's JDK links
     * its configuration and CA certificates from /etc; the image has to hold the files themselves).
     * Links that lead nowhere (an optional package not installed) are left out.
     */
    private static void addTree(FileEntriesLayer.Builder layer, Path jdk, Path directory, AbsoluteUnixPath target) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String relative = jdk.relativize(child).toString();
            if (SKIPPED_JDK_ENTRIES.contains(relative) || !Files.exists(child)) {
                continue;
            }
            AbsoluteUnixPath childTarget = target.resolve(child.getFileName().toString());
            if (Files.isDirectory(child)) {
                addTree(layer, jdk, child, childTarget);
            } else {
                Path real = child.toRealPath();
                layer.addEntry(real, childTarget, permissionsOf(real), FILE_TIME);
            }
        }
    }

    /** Read and execute bits as on disk, never writable by anyone but root. */
    private static FilePermissions permissionsOf(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            boolean executable = permissions.contains(PosixFilePermission.OWNER_EXECUTE);
            return FilePermissions.fromOctalString(executable ? "755" : "644");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaVersion(Path jdk) throws IOException {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "unknown";
        }
        return Files.readAllLines(release).stream()
                .filter(l -> l.startsWith("JAVA_VERSION="))
                .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst().orElse("unknown");
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
