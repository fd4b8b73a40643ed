package io.vigil.alert.dispatch;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.AlertStore.OutboxRow;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Publishes the outbox: rows in id order, deleted once Kafka acknowledged them. Woken after each
 * stored batch and by a timer (which also picks up rows a crashed run or another instance left).
 * One drain at a time per instance, and one relay at a time across instances (an advisory lock),
 * so records of one alert reach Kafka in the order they were stored. Publishing a row twice
 * (a crash between the broker's ack and the delete) is harmless: ids are derived, not random.
 */
public final class OutboxRelay {

    static final String OPERATION = "outbox relay (PostgreSQL, Kafka)";

    private final AlertStore store;
    private final Function<List<OutboxRow>, Uni<Void>> publisher;
    private final PipelineHealth health;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(AlertStore store, Function<List<OutboxRow>, Uni<Void>> publisher, PipelineHealth health,
            int batchSize) {
        this.store = store;
        this.publisher = publisher;
        this.health = health;
        this.batchSize = batchSize;
    }

    /** Asks for a drain; returns at once. A wake during a drain makes it look once more. */
    public void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        again.set(false);
        store.relay(batchSize, publisher).subscribe().with(published -> {
            health.succeeded(OPERATION);
            if (published == batchSize) {
                drain();
                return;
            }
            finish();
        }, failure -> {
            // Rows stay in the outbox; the next wake (the timer, at the latest) tries again.
            health.failed(OPERATION, failure);
            running.set(false);
        });
    }

    private void finish() {
        running.set(false);
        if (again.get() && running.compareAndSet(false, true)) {
            drain();
        }
    }
}
