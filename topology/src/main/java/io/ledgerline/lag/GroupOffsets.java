package io.ledgerline.lag;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the cluster says of one group at one poll.
 *
 * @param simple    a group that only commits offsets, without the group protocol
 * @param committed committed offset per partition (partitions without a committed offset are absent)
 * @param owners    the member each assigned partition belongs to
 * @param error     why the group's offsets could not be read, or null
 */
record GroupOffsets(String group, boolean simple, Map<TopicPartition, Long> committed,
                    Map<TopicPartition, Member> owners, String error) {

    Member owner(TopicPartition partition) {
        return owners.getOrDefault(partition, Member.NONE);
    }
}
