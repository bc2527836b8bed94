package io.ledgerline.lag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group's lag at one poll: its partitions and their aggregates.
 *
 * @param status the worst of its partitions' statuses (ERR when its offsets could not be read)
 * @param trend  of the group's summed lag over the window
 * @param error  why the group's offsets could not be read, or null
 */
public record GroupLag(String group, boolean simple, List<PartitionLag> partitions, LagStatus status, Trend trend,
                       String error) {

    public long maxLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).max().orElse(0);
    }

    public double maxLagSeconds() {
        return partitions.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
    }

    public long sumLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }

    /** The group's partitions by topic, topics in name order. */
    public Map<String, List<PartitionLag>> byTopic() {
        Map<String, List<PartitionLag>> topics = new TreeMap<>();
        partitions.forEach(p -> topics.computeIfAbsent(p.partition().topic(), t -> new ArrayList<>()).add(p));
        return topics;
    }
}
