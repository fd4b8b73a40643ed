package io.vigil.alert.messaging;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vigil.alert.pipeline.Partitions;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells a pipeline which partitions of its topic this instance owns: a revoked partition's alerts
 * are set aside (and forgotten unless the same rebalance hands it back), an assigned one is claimed
 * (and its open alerts loaded) from PostgreSQL before its first record is applied. Runs on the
 * polling thread, so it does no I/O. One subclass per consumed topic, named for its channel.
 */
abstract class PartitionsRebalanceListener implements KafkaConsumerRebalanceListener {

    private final String topic;
    private final Partitions partitions;

    PartitionsRebalanceListener(String topic, Partitions partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        List<Integer> numbers = numbers(assigned);
        Log.infof("%s partitions assigned %s", topic, numbers);
        partitions.assigned(numbers);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        List<Integer> numbers = numbers(revoked);
        Log.infof("%s partitions revoked %s", topic, numbers);
        partitions.revoked(numbers);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    private List<Integer> numbers(Collection<TopicPartition> given) {
        // Each consumer subscribes to its one topic; the filter only guards against a misconfiguration.
        return given.stream().filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).sorted().toList();
    }
}
