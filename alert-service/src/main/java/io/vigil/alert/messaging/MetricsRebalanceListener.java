package io.vigil.alert.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vigil.alert.pipeline.Partitions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells the pipeline which {@code metrics} partitions this instance owns: a revoked partition's
 * alerts are set aside (and forgotten unless the same rebalance hands it back), an assigned one is
 * claimed (and its open alerts loaded) from PostgreSQL before its first record is applied. Runs on
 * the polling thread, so it does no I/O.
 */
@ApplicationScoped
@Identifier(MetricsRebalanceListener.NAME)
public class MetricsRebalanceListener implements KafkaConsumerRebalanceListener {

    static final String NAME = "metrics-rebalance";

    private final Partitions partitions;

    public MetricsRebalanceListener(Partitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        List<Integer> numbers = numbers(assigned);
        Log.infof("metrics partitions assigned %s", numbers);
        partitions.assigned(numbers);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        List<Integer> numbers = numbers(revoked);
        Log.infof("metrics partitions revoked %s", numbers);
        partitions.revoked(numbers);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
