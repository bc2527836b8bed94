package io.ledgerline.lag;

import org.apache.kafka.common.TopicPartition;

/**
 * One group's lag on one partition at one poll.
 *
 * @param committed  the group's committed offset
 * @param logStart   the partition's earliest offset
 * @param end        the partition's last stable offset
 * @param lag        offsets between what the group consumed and the end, counting only records still in the log
 * @param lost       offsets the group never read because they were deleted first (committed below the log start)
 * @param lagSeconds age of the oldest unconsumed record, by its append time; 0 when {@code lag} is 0
 * @param error      why the partition could not be read, or null
 */
public record PartitionLag(String group, TopicPartition partition, long committed, long logStart, long end, long lag,
                           long lost, double lagSeconds, LagStatus status, Trend trend, Member member, String error) {

    public boolean dataLoss() {
        return lost > 0;
    }
}
