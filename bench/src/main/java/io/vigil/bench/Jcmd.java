package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jcmd} against a child JVM (JFR on and off, native memory), and the one line NMT's summary becomes. */
final class Jcmd {

    private static final Pattern AREA = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");

    private Jcmd() {
    }

    /** Runs {@code jcmd <pid> command...} with this JDK's jcmd; its output, or an exception naming the command. */
    static String run(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + List.of(command) + " failed: " + out);
        }
        return out;
    }

    /**
     * {@code VM.native_memory summary} as {@code total N MB: Java Heap a, Class b, ...}: committed MB
     * by area, areas under 2 MB left out; the raw text when it has no areas (NMT off).
     */
    static String nativeMemoryLine(String summary) {
        StringBuilder line = new StringBuilder();
        for (String l : summary.split("\n")) {
            Matcher t = TOTAL.matcher(l.trim());
            if (t.find()) {
                line.insert(0, String.format(Locale.ROOT, "total %.0f MB:", Long.parseLong(t.group(1)) / 1024.0));
            }
            Matcher m = AREA.matcher(l.trim());
            if (m.find() && Long.parseLong(m.group(2)) >= 2048) {
                line.append(String.format(Locale.ROOT, " %s %.0f,", m.group(1).trim(), Long.parseLong(m.group(2)) / 1024.0));
            }
        }
        return line.length() > 0 ? line.substring(0, line.length() - 1) : summary.trim();
    }
}
