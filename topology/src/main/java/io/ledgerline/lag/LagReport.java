package io.ledgerline.lag;

import io.ledgerline.ops.LagAlert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** What one poll found: every watched group's lag, and the alerts the poll opened or resolved. */
public record LagReport(Instant at, List<GroupLag> groups, List<LagAlert> alerts) {

    public Optional<GroupLag> group(String id) {
        return groups.stream().filter(g -> g.group().equals(id)).findFirst();
    }

    public Optional<PartitionLag> partition(String group, TopicPartition partition) {
        return group(group).flatMap(g -> g.partitions().stream().filter(p -> p.partition().equals(partition)).findFirst());
    }
}
