package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;

/** Where unreadable {@code metrics} records go ({@code metrics-dlq}); completes once the broker has them. */
@FunctionalInterface
public interface DeadLetterSink {

    Uni<Void> send(IncomingRecord record, String reason, String cause);
}
