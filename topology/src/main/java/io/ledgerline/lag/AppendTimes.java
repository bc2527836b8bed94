package io.ledgerline.lag;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Append times of the oldest unconsumed records: the record's own timestamp where the broker wrote it (a
 * {@code LogAppendTime} topic, read by the {@link RecordProbe}), else the partition's {@link AppendTimeTable}. Every
 * partition gets a table, so a probe that fails falls back to what the monitor saw.
 */
final class AppendTimes {

    private final Map<TopicPartition, AppendTimeTable> tables = new HashMap<>();

    void observe(TopicPartition partition, long stableEnd, long logStart, Instant now) {
        AppendTimeTable table = tables.computeIfAbsent(partition, tp -> new AppendTimeTable());
        table.observe(stableEnd, now);
        table.forgetBelow(logStart);
    }

    /** @param logAppendTime the record's broker-set timestamp, or null */
    Optional<AppendTime> of(TopicPartition partition, long offset, Instant logAppendTime) {
        if (logAppendTime != null) {
            return Optional.of(new AppendTime(logAppendTime, AppendTime.Source.LOG_APPEND_TIME));
        }
        AppendTimeTable table = tables.get(partition);
        return table == null ? Optional.empty() : table.appendTimeOf(offset);
    }

    /** Forgets the partitions no watched group commits to any more. */
    void retain(Set<TopicPartition> partitions) {
        tables.keySet().retainAll(partitions);
    }
}
