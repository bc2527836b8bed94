package io.ledgerline.lag;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Append times of the records at committed offsets: the record's own timestamp on a {@code LogAppendTime} topic, else
 * (or when that fetch fails) the partition's {@link AppendTimeTable}. Every partition gets a table, so a fetch that
 * fails falls back to what the monitor saw.
 */
final class AppendTimes {

    private final Map<TopicPartition, AppendTimeTable> tables = new HashMap<>();
    private final RecordTimestamps fetched;

    /** @param fetched the append-time fetcher; null to use the tables only */
    AppendTimes(RecordTimestamps fetched) {
        this.fetched = fetched;
    }

    void observe(TopicPartition partition, long stableEnd, long logStart, Instant now) {
        AppendTimeTable table = tables.computeIfAbsent(partition, tp -> new AppendTimeTable());
        table.observe(stableEnd, now);
        table.forgetBelow(logStart);
    }

    Optional<AppendTime> of(TopicPartition partition, long offset, boolean logAppendTopic) {
        if (logAppendTopic && fetched != null) {
            Optional<Instant> at = fetched.appendTimeOf(partition, offset);
            if (at.isPresent()) {
                return Optional.of(new AppendTime(at.get(), AppendTime.Source.LOG_APPEND_TIME));
            }
        }
        AppendTimeTable table = tables.get(partition);
        return table == null ? Optional.empty() : table.appendTimeOf(offset);
    }

    /** Forgets the partitions no watched group commits to any more. */
    void retain(Set<TopicPartition> partitions) {
        tables.keySet().retainAll(partitions);
    }
}
