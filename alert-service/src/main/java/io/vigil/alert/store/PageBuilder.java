package io.vigil.alert.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fills one page from rows read in list order, chunk by chunk, keeping those {@code keep} accepts.
 * Label matchers are applied here, in Java, with the one {@code LabelMatcher} implementation (SQL
 * regexes differ from Java's), so the database may return rows that do not make the page; the scan
 * stops after {@link #MAX_SCAN} rows so a matcher that matches nothing cannot read the whole table
 * in one request. Plain Java: the store feeds it.
 */
public final class PageBuilder {

    /** The most rows one request reads. */
    public static final int MAX_SCAN = 10_000;

    private final int limit;
    private final int maxScan;
    private final Predicate<AlertView> keep;
    private final List<AlertView> kept = new ArrayList<>();
    private AlertView lastScanned;
    private int scanned;
    private boolean exhausted;

    public PageBuilder(int limit, int maxScan, Predicate<AlertView> keep) {
        this.limit = limit;
        this.maxScan = maxScan;
        this.keep = keep;
    }

    /** How many rows to ask for next: enough to find one more than the page (to know there is a next). */
    public int nextChunkSize(int preferred) {
        return Math.max(1, Math.min(preferred, maxScan - scanned));
    }

    /**
     * Takes a chunk read with {@link #nextChunkSize}{@code (requested)} rows asked for; a shorter
     * chunk means the table has no more.
     */
    public void offer(List<AlertView> chunk, int requested) {
        for (AlertView row : chunk) {
            scanned++;
            lastScanned = row;
            if (keep.test(row)) {
                kept.add(row);
                if (kept.size() > limit) {
                    return;
                }
            }
        }
        if (chunk.size() < requested) {
            exhausted = true;
        }
    }

    /** Whether another chunk is needed. */
    public boolean wantsMore() {
        return !exhausted && kept.size() <= limit && scanned < maxScan;
    }

    /** Where the next chunk starts: after the last row read. */
    public AlertCursor resumeAfter(AlertCursor start) {
        return lastScanned == null ? start : AlertCursor.after(lastScanned);
    }

    public AlertPage page() {
        if (kept.size() > limit) {
            List<AlertView> items = List.copyOf(kept.subList(0, limit));
            return new AlertPage(items, AlertCursor.after(items.get(limit - 1)).encode(), limit);
        }
        if (!exhausted && lastScanned != null) {
            // The scan budget ran out: the client carries on from the last row looked at.
            return new AlertPage(List.copyOf(kept), AlertCursor.after(lastScanned).encode(), limit);
        }
        return new AlertPage(List.copyOf(kept), null, limit);
    }
}
