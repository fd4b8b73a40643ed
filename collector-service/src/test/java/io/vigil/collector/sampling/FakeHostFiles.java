package io.vigil.collector.sampling;

import io.vigil.events.MetricSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writing a fake /proc and /sys for the Linux sampler's tests, and reading one series back. */
final class FakeHostFiles {

    private FakeHostFiles() {
    }

    /** An interface under {@code sys}/class/net with its flags and address. */
    static void nic(Path sys, String name, String flags, String address) {
        write(sys.resolve("class/net").resolve(name).resolve("flags"), flags + "\n");
        write(sys.resolve("class/net").resolve(name).resolve("address"), address + "\n");
    }

    /** The value of the one sample named {@code name} with exactly these labels. */
    static double value(List<MetricSample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + labels + " in " + samples)).value();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
