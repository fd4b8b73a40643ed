package io.vigil.alert.rollup;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines stored minutes into the points of a chart: points start at {@code from} rounded down to
 * the minute and are {@code step} apart (a whole number of minutes); a point holds the minutes of
 * [t, t + step): the least min, the greatest max, the mean of every sample (sum over count, not a
 * mean of means) and the last value. Steps without data have no point.
 */
public final class Steps {

    /** The smallest step: rollups are per minute. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    /** One point of a series. */
    public record Point(Instant t, double min, double avg, double max, double last, long count) {
    }

    /** One series and its points, oldest first. */
    public record Series(Map<String, String> labels, List<Point> points) {
    }

    private final Instant start;
    private final Instant end;
    private final Duration step;

    /**
     * @param from the range's start (rounded down to the minute)
     * @param to the range's end, exclusive
     * @param step a positive whole number of minutes
     */
    public Steps(Instant from, Instant to, Duration step) {
        if (step.compareTo(MINUTE) < 0 || step.toSeconds() % 60 != 0 || step.toNanosPart() != 0) {
            throw new IllegalArgumentException("step " + step + " is not a whole number of minutes");
        }
        this.start = from.truncatedTo(ChronoUnit.MINUTES);
        this.end = to;
        this.step = step;
    }

    /** The first minute to read. */
    public Instant start() {
        return start;
    }

    /** How many points a series can have over the range. */
    public long points() {
        long span = Duration.between(start, end).toSeconds();
        long s = step.toSeconds();
        return Math.max(0, (span + s - 1) / s);
    }

    /** The smallest step (whole minutes) that keeps the range within {@code maxPoints}. */
    public static Duration smallestStep(Instant from, Instant to, long maxPoints) {
        long minutes = Duration.between(from.truncatedTo(ChronoUnit.MINUTES), to).toSeconds();
        long perPoint = (minutes + maxPoints - 1) / maxPoints;
        return Duration.ofMinutes(Math.max(1, (perPoint + 59) / 60));
    }

    /** The series with their points; minutes outside the range are ignored. Series keep the order of first appearance. */
    public List<Series> combine(List<MinuteRollup> minutes) {
        Map<Map<String, String>, TreeMap<Long, MinuteRollup>> bySeries = new LinkedHashMap<>();
        long s = step.toSeconds();
        for (MinuteRollup m : minutes) {
            if (m.minute().isBefore(start) || !m.minute().isBefore(end) || m.count() == 0) {
                continue;
            }
            long index = Duration.between(start, m.minute()).toSeconds() / s;
            bySeries.computeIfAbsent(m.labels(), l -> new TreeMap<>())
                    .computeIfAbsent(index, i -> new MinuteRollup(m.metric(), m.labels(), start.plusSeconds(i * s)))
                    .merge(m);
        }
        List<Series> out = new ArrayList<>(bySeries.size());
        bySeries.forEach((labels, buckets) -> {
            List<Point> points = new ArrayList<>(buckets.size());
            for (MinuteRollup b : buckets.values()) {
                points.add(new Point(b.minute(), b.min(), b.avg(), b.max(), b.last(), b.count()));
            }
            out.add(new Series(labels, points));
        });
        return out;
    }
}
