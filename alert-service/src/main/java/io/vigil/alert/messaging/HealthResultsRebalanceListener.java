package io.vigil.alert.messaging;

import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.pipeline.Partitions;
import io.vigil.events.Topics;
import jakarta.inject.Singleton;

/** The partitions of {@code health-results} this instance owns (see {@link PartitionsRebalanceListener}). */
@Singleton
@Identifier(HealthResultsRebalanceListener.NAME)
public class HealthResultsRebalanceListener extends PartitionsRebalanceListener {

    static final String NAME = "health-results-rebalance";

    public HealthResultsRebalanceListener(@Identifier(Topics.HEALTH_RESULTS) Partitions partitions) {
        super(Topics.HEALTH_RESULTS, partitions);
    }
}
