package io.vigil.alert.messaging;

import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.pipeline.Partitions;
import io.vigil.events.Topics;
import jakarta.inject.Singleton;

/** The partitions of {@code domain-findings} this instance owns (see {@link PartitionsRebalanceListener}). */
@Singleton
@Identifier(DomainFindingsRebalanceListener.NAME)
public class DomainFindingsRebalanceListener extends PartitionsRebalanceListener {

    static final String NAME = "domain-findings-rebalance";

    public DomainFindingsRebalanceListener(@Identifier(Topics.DOMAIN_FINDINGS) Partitions partitions) {
        super(Topics.DOMAIN_FINDINGS, partitions);
    }
}
