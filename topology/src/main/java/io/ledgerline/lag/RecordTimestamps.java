package io.ledgerline.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The broker's append time of the record at an offset, on topics with {@code message.timestamp.type=LogAppendTime}:
 * one fetch per partition and offset, cached (a group's committed offset stays put between its commits, and several
 * groups at one offset share the answer). A consumer without a group: it commits nothing and shows in no listing.
 */
final class RecordTimestamps implements AutoCloseable {

    private static final int CACHED = 20_000;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

    private record Key(TopicPartition partition, long offset) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Key, Instant> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
            return size() > CACHED;
        }
    };

    RecordTimestamps(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-lag-monitor-timestamps");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The append time of the first record at or after {@code offset} (a transaction marker at {@code offset} is skipped
     * to the next record, the oldest one the group has not consumed); empty when it cannot be fetched now.
     */
    Optional<Instant> appendTimeOf(TopicPartition partition, long offset) {
        Key key = new Key(partition, offset);
        Instant cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Instant> fetched = fetch(partition, offset);
        fetched.ifPresent(at -> cache.put(key, at));
        return fetched;
    }

    private Optional<Instant> fetch(TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                    if (record.offset() >= offset && record.timestampType() == TimestampType.LOG_APPEND_TIME) {
                        return Optional.of(Instant.ofEpochMilli(record.timestamp()));
                    }
                    if (record.offset() >= offset) {
                        return Optional.empty(); // not an append time after all: the topic's setting changed
                    }
                }
            }
            return Optional.empty();
        } finally {
            consumer.assign(List.of());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
