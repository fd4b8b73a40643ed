package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;

/**
 * Where unreadable records go: the dead-letter topic of their own topic ({@code metrics-dlq},
 * {@code health-results-dlq}, {@code domain-findings-dlq}); completes once the broker has them.
 */
@FunctionalInterface
public interface DeadLetterSink {

    Uni<Void> send(IncomingRecord record, String reason, String cause);
}
