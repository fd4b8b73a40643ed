package io.vigil.collector.sources;

import io.quarkus.logging.Log;
import io.vigil.collector.procfs.ProcText;
import io.vigil.events.MetricSample;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temperatures and fan speeds from the Linux hwmon interface ({@code /sys/class/hwmon}), where
 * the host exposes them (bare metal usually does, VMs and containers seldom):
 * {@value #TEMPERATURE_CELSIUS}{@code {chip, sensor}} from {@code temp<N>_input} (millidegrees) and
 * {@value #FAN_RPM}{@code {chip, fan}} from {@code fan<N>_input}.
 *
 * <p>{@code chip} is the hwmon device's {@code name}; when several devices share one (two NVMe
 * drives, one {@code coretemp} per socket) it gets the name of the underlying device appended,
 * as in {@code nvme-nvme1}, because hwmon numbers change between boots and device names do not.
 * {@code sensor} and {@code fan} are the {@code _label} file where there is one, else the
 * channel ({@code temp2}).
 *
 * <p>Which files exist and their labels are static, so they are looked up once and again only
 * every {@link #RESCAN} or when a file has gone; a tick reads just the {@code _input} files. A
 * reading that fails (some drivers answer an I/O error while a sensor is not ready) is left out of
 * that tick. Without any sensor there are no samples, logged once.
 */
public final class Sensors {

    public static final String TEMPERATURE_CELSIUS = "host_temperature_celsius";
    public static final String FAN_RPM = "host_fan_rpm";
    public static final String CHIP = "chip";
    public static final String SENSOR = "sensor";
    public static final String FAN = "fan";
    public static final Duration RESCAN = Duration.ofMinutes(10);

    private static final Pattern INPUT = Pattern.compile("(temp|fan)(\\d+)_input");

    private final Path root;
    private final LongSupplier nanoTime;
    private final ProcText text = new ProcText(64);
    private List<Reading> readings = List.of();
    private boolean scanned;
    private boolean rescan;
    private long scannedAtNanos;
    private boolean noneLogged;

    /** One input file and the series it feeds. */
    private record Reading(File input, String metric, Map<String, String> labels, double scale) {
    }

    /**
     * @param root the hwmon class directory, {@code /sys/class/hwmon} on a real host
     * @param nanoTime a monotonic clock such as {@link System#nanoTime()}, for the rescan period
     */
    public Sensors(Path root, LongSupplier nanoTime) {
        this.root = root;
        this.nanoTime = nanoTime;
    }

    /** The sensors of this host. */
    public static Sensors forThisHost() {
        return forSysfs(Path.of("/sys"));
    }

    /** The sensors of the host whose {@code /sys} is at {@code sysfs} (in a container, the host's mounted elsewhere). */
    public static Sensors forSysfs(Path sysfs) {
        return new Sensors(sysfs.resolve("class/hwmon"), System::nanoTime);
    }

    /** One reading of every sensor found; none where the host exposes none. */
    public List<MetricSample> sample() {
        long now = nanoTime.getAsLong();
        if (!scanned || rescan || now - scannedAtNanos >= RESCAN.toNanos()) {
            readings = scan();
            scanned = true;
            rescan = false;
            scannedAtNanos = now;
            if (readings.isEmpty() && !noneLogged) {
                noneLogged = true;
                Log.infof("sensors off reason=no-hwmon-inputs root=%s", root);
            } else if (!readings.isEmpty() && noneLogged) {
                noneLogged = false;
                Log.infof("sensors found inputs=%d root=%s", readings.size(), root);
            }
        }
        List<MetricSample> samples = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            if (!text.read(reading.input())) {
                if (!reading.input().exists()) {
                    rescan = true; // a device went away (hot-unplug, driver unloaded)
                } else {
                    Log.debugf("sensor unreadable input=%s", reading.input());
                }
                continue;
            }
            try {
                text.rewind();
                samples.add(new MetricSample(reading.metric(), reading.labels(), text.nextLong() * reading.scale()));
            } catch (NumberFormatException e) {
                Log.debugf("sensor unreadable input=%s reason=%s", reading.input(), e.toString());
            }
        }
        return samples;
    }

    private List<Reading> scan() {
        List<Path> devices = list(root, "hwmon*");
        devices.sort(Comparator.comparing(Sensors::hwmonNumber).thenComparing(Path::toString));
        Map<Path, String> names = new HashMap<>();
        Map<String, Integer> nameCounts = new HashMap<>();
        for (Path device : devices) {
            String name = readStatic(device.resolve("name")).orElse(device.getFileName().toString());
            names.put(device, name);
            nameCounts.merge(name, 1, Integer::sum);
        }
        List<Reading> found = new ArrayList<>();
        Set<String> chips = new HashSet<>();
        for (Path device : devices) {
            String chip = names.get(device);
            if (nameCounts.get(chip) > 1) {
                chip = chip + "-" + underlyingDevice(device);
            }
            if (!chips.add(chip)) {
                chip = chip + "-" + device.getFileName();
                chips.add(chip);
            }
            Path files = device;
            if (inputs(files).isEmpty()) {
                // Drivers of older kernels put the attributes under device/ instead.
                files = device.resolve("device");
            }
            Set<String> labels = new HashSet<>();
            for (Path input : inputs(files)) {
                Matcher m = INPUT.matcher(input.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String channel = m.group(1) + m.group(2);
                String label = readStatic(files.resolve(channel + "_label")).filter(l -> !l.isEmpty()).orElse(channel);
                if (!labels.add(label)) {
                    label = channel; // two channels with one label: keep their series apart
                    labels.add(label);
                }
                boolean temperature = m.group(1).equals("temp");
                found.add(new Reading(input.toFile(), temperature ? TEMPERATURE_CELSIUS : FAN_RPM,
                        Map.of(CHIP, chip, temperature ? SENSOR : FAN, label), temperature ? 0.001 : 1.0));
            }
        }
        return List.copyOf(found);
    }

    /** The input files of one hwmon directory, in channel order. */
    private static List<Path> inputs(Path dir) {
        List<Path> inputs = list(dir, "{temp,fan}*_input");
        inputs.sort(Comparator.comparing((Path p) -> p.getFileName().toString().startsWith("fan"))
                .thenComparing(Sensors::channelNumber));
        return inputs;
    }

    private static String underlyingDevice(Path hwmon) {
        try {
            return hwmon.resolve("device").toRealPath().getFileName().toString();
        } catch (IOException e) {
            return hwmon.getFileName().toString();
        }
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> paths = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return paths;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(paths::add);
        } catch (IOException e) {
            Log.debugf("sensors cannot list dir=%s reason=%s", dir, e.toString());
        }
        return paths;
    }

    private static Optional<String> readStatic(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long hwmonNumber(Path path) {
        return trailingNumber(path.getFileName().toString());
    }

    private static long channelNumber(Path input) {
        Matcher m = INPUT.matcher(input.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : Long.MAX_VALUE;
    }

    private static long trailingNumber(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        return i == name.length() || name.length() - i > 18 ? Long.MAX_VALUE : Long.parseLong(name.substring(i));
    }
}
