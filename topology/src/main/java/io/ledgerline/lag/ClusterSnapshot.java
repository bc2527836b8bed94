package io.ledgerline.lag;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's reading of the cluster: the watched groups and the offsets of every partition they committed to.
 *
 * @param logStart         earliest offset per partition
 * @param stableEnd        last stable offset per partition (read_committed end: no open transaction, no marker)
 * @param partitionErrors  why a partition's offsets could not be read
 * @param logAppendTopics  topics with {@code message.timestamp.type=LogAppendTime}
 */
record ClusterSnapshot(Map<String, GroupOffsets> groups, Map<TopicPartition, Long> logStart,
                       Map<TopicPartition, Long> stableEnd, Map<TopicPartition, String> partitionErrors,
                       Set<String> logAppendTopics) {
}
