package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the processes of a run under {@code .vigil/run/} so that the next run can stop what a
 * killed launcher (SIGKILL, a crash) left behind. Each file holds the pid and the process start
 * time: a pid reused by an unrelated process has another start time and is left alone.
 */
public final class PidFiles {

    private final Path dir;

    public PidFiles(Path dir) {
        this.dir = dir;
    }

    public void remember(String name, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty()) {
            return; // cannot tell it apart from a later process with the same pid: better not to record it
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file(name), process.pid() + " " + started.get().toEpochMilli() + "\n");
        } catch (IOException e) {
            System.err.println("cannot record the pid of " + name + ": " + e.getMessage());
        }
    }

    public void forget(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            // harmless: the next run finds the process gone and deletes the file
        }
    }

    /** Stops every recorded process that is still the same process; returns their names. */
    public List<String> reapOrphans() throws IOException {
        List<String> reaped = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return reaped;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                Optional<ProcessHandle> orphan = recorded(f);
                if (orphan.isPresent()) {
                    stop(orphan.get());
                    reaped.add(name);
                }
                Files.deleteIfExists(f);
            }
        }
        return reaped;
    }

    private static Optional<ProcessHandle> recorded(Path f) {
        try {
            String[] parts = Files.readString(f).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            long startedMillis = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).filter(p -> p.info().startInstant()
                    .map(s -> s.toEpochMilli() == startedMillis).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(ChildProcess.GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                h.onExit().join();
            }
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".pid");
    }
}
