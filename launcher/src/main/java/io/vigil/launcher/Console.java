package io.vigil.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Human progress lines on stdout: {@code ✔ postgres ready on 15432 (1.2 s)}. */
public final class Console {

    private final PrintStream out;

    public Console(PrintStream out) {
        this.out = out;
    }

    public static Console stdout() {
        return new Console(System.out);
    }

    public synchronized void ok(String what, long startedNanos) {
        out.println("✔ " + what + " (" + seconds(System.nanoTime() - startedNanos) + ")");
    }

    public synchronized void fail(String what) {
        out.println("✘ " + what);
    }

    public synchronized void info(String line) {
        out.println(line);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }
}
