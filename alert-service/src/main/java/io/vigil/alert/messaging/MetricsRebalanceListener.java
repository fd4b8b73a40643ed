package io.vigil.alert.messaging;

import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.pipeline.Partitions;
import io.vigil.events.Topics;
import jakarta.inject.Singleton;

/** The partitions of {@code metrics} this instance owns (see {@link PartitionsRebalanceListener}). */
@Singleton
@Identifier(MetricsRebalanceListener.NAME)
public class MetricsRebalanceListener extends PartitionsRebalanceListener {

    static final String NAME = "metrics-rebalance";

    public MetricsRebalanceListener(@Identifier(Topics.METRICS) Partitions partitions) {
        super(Topics.METRICS, partitions);
    }
}
