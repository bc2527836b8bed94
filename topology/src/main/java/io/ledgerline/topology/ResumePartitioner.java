package io.ledgerline.topology;

import io.ledgerline.canonical.ClockTick;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Writes a tick to resume a task's recognition to that task's own partition of the clock topic. */
final class ResumePartitioner implements StreamPartitioner<String, ClockTick> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, ClockTick tick, int numPartitions) {
        return Optional.of(Set.of(tick.getResume().getPartition()));
    }
}
