package io.vigil.alert.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vigil.alert.pipeline.AlertPipeline;
import io.vigil.alert.pipeline.IncomingRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What every consumer does, and all it does: a Kafka batch becomes {@link IncomingRecord}s, goes
 * through its topic's pipeline, and is acknowledged once the pipeline has stored it. The pipeline
 * never fails a batch for an outage (it waits), so a failure here is a bug: the channel then fails
 * and liveness goes DOWN.
 */
final class IncomingRecords {

    private IncomingRecords() {
    }

    static Uni<Void> process(AlertPipeline pipeline, KafkaRecordBatch<String, String> batch) {
        List<IncomingRecord> records = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, String> r : batch.getRecords()) {
            long offset = r.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
            records.add(new IncomingRecord(r.getTopic(), r.getPartition(), offset, r.getKey(), r.getPayload()));
        }
        return pipeline.process(records)
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().call(e -> Uni.createFrom().completionStage(batch.nack(e)));
    }
}
