package io.vigil.notifier.template;

import java.time.Duration;

/** How long something lasted, for people: the two largest units, e.g. {@code 4m 12s}, {@code 2h 5m}, {@code 3d 4h}. */
public final class Elapsed {

    private Elapsed() {
    }

    /** {@code 0s} for a negative duration (clocks of two hosts disagree), never a minus sign. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return seconds > 0 ? minutes + "m " + seconds + "s" : minutes + "m";
        }
        return seconds + "s";
    }
}
