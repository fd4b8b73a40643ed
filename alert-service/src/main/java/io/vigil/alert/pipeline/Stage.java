package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;

/** One step of an {@link AlertPipeline}; stages run one after another on the same {@link Batch}. */
@FunctionalInterface
public interface Stage {

    Uni<Void> apply(Batch batch);
}
