package io.vigil.alert.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vigil.alert.pipeline.AlertPipeline;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Adapts {@code domain-findings} to its pipeline and does nothing else (see {@link IncomingRecords}). */
@ApplicationScoped
public class DomainFindingsConsumer {

    private final AlertPipeline pipeline;

    public DomainFindingsConsumer(@Identifier(Topics.DOMAIN_FINDINGS) AlertPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Incoming(Topics.DOMAIN_FINDINGS)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return IncomingRecords.process(pipeline, batch);
    }
}
