package io.vigil.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Filling a page from chunks, as the store reads them, with the scan limit. */
class PageBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** Rows newest first, like the SQL; host web-i for even i, db-i for odd. */
    private final List<AlertView> table = new ArrayList<>();

    PageBuilderTest() {
        for (int i = 0; i < 25; i++) {
            table.add(alert(i));
        }
    }

    @Test
    void takesOneMoreThanTheLimitToKnowThereIsANextPage() {
        AlertPage page = fill(5, 100, a -> true, 10);

        assertThat(page.items()).extracting(this::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(AlertCursor.decode(page.next())).isEqualTo(AlertCursor.after(table.get(4)));
    }

    @Test
    void readsFurtherChunksUntilThePageIsFull() {
        AlertPage page = fill(5, 100, web(), 3);

        assertThat(page.items()).extracting(this::index).containsExactly(0, 2, 4, 6, 8);
        assertThat(AlertCursor.decode(page.next())).isEqualTo(AlertCursor.after(table.get(8)));
    }

    @Test
    void theLastPageHasNoNext() {
        AlertPage page = fill(20, 100, web(), 7);

        assertThat(page.items()).hasSize(13);
        assertThat(page.next()).isNull();
    }

    @Test
    void aPageExactlyAsLongAsTheRestHasNoNext() {
        AlertPage page = fill(25, 100, a -> true, 25);

        assertThat(page.items()).hasSize(25);
        assertThat(page.next()).isNull();
    }

    @Test
    void theScanLimitEndsAPageEarlyWithACursorWhereItStopped() {
        AlertPage page = fill(10, 9, web(), 4);

        assertThat(page.items()).extracting(this::index).containsExactly(0, 2, 4, 6, 8);
        assertThat(AlertCursor.decode(page.next())).isEqualTo(AlertCursor.after(table.get(8)));
    }

    @Test
    void followingTheCursorsVisitsEveryMatchOnce() {
        List<Integer> seen = new ArrayList<>();
        AlertCursor after = null;
        do {
            AlertPage page = fillFrom(after, 3, 5, web(), 2);
            page.items().forEach(a -> seen.add(index(a)));
            after = page.next() == null ? null : AlertCursor.decode(page.next());
        } while (after != null);

        assertThat(seen).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24);
    }

    private AlertPage fill(int limit, int maxScan, Predicate<AlertView> keep, int chunk) {
        return fillFrom(null, limit, maxScan, keep, chunk);
    }

    /** What AlertQueries does, with a list for the table. */
    private AlertPage fillFrom(AlertCursor start, int limit, int maxScan, Predicate<AlertView> keep, int chunk) {
        PageBuilder page = new PageBuilder(limit, maxScan, keep);
        AlertCursor after = start;
        do {
            int size = page.nextChunkSize(chunk);
            page.offer(read(after, size), size);
            after = page.resumeAfter(after);
        } while (page.wantsMore());
        return page.page();
    }

    private List<AlertView> read(AlertCursor after, int limit) {
        int from = after == null ? 0 : table.indexOf(table.stream().filter(a -> a.id().equals(after.id())).findFirst()
                .orElseThrow()) + 1;
        return table.subList(Math.min(from, table.size()), Math.min(from + limit, table.size()));
    }

    private static Predicate<AlertView> web() {
        return a -> a.labels().get("host").startsWith("web");
    }

    private int index(AlertView a) {
        return table.indexOf(a);
    }

    private static AlertView alert(int i) {
        return new AlertView(UUID.randomUUID(), "fp" + i, "r", AlertState.RESOLVED, Severity.WARNING,
                Map.of("host", (i % 2 == 0 ? "web-" : "db-") + i), "s", 1, T0, T0, T0, T0.minusSeconds(i), 1, null,
                false, null, null, null);
    }
}
