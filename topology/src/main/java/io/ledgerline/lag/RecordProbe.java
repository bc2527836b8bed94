package io.ledgerline.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads, read_committed, the first consumable record at or after a committed offset: the oldest record the group has
 * not consumed. It tells two things the offsets alone cannot: whether anything but transaction markers and aborted
 * records lies between the committed offset and the last stable offset (an exactly-once consumer commits the offset
 * after its last record, before that transaction's marker), and, on {@code LogAppendTime} topics, when that record was
 * appended. One fetch per partition and committed offset: all partitions of a poll in one batch, the answers cached (a
 * record found stays found; "nothing below end E" holds until the end passes E). A consumer without a group: it
 * commits nothing and shows in no listing.
 */
final class RecordProbe implements AutoCloseable {

    private static final int CACHED = 50_000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** The first consumable record at or after the committed offset; {@code appendTime} null unless the broker set it. */
    record Found(long offset, Instant appendTime) {
    }

    /** A probe: a group's committed offset on a partition. */
    record Request(TopicPartition partition, long committed) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Request, Found> found = lru();
    private final Map<Request, Long> nothingBelow = lru();

    RecordProbe(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // one record per partition is all a probe needs
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-lag-monitor-probe");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param requests each probe and the partition's last stable offset now
     * @return per request: the record found, or empty when nothing consumable lies below the end; requests the probe
     *         could not answer in time are absent
     */
    Map<Request, Optional<Found>> probe(Map<Request, Long> requests) {
        Map<Request, Optional<Found>> answers = new HashMap<>();
        Map<TopicPartition, Request> pending = new HashMap<>();
        requests.forEach((request, end) -> {
            Found hit = found.get(request);
            Long none = nothingBelow.get(request);
            if (hit != null) {
                answers.put(request, Optional.of(hit));
            } else if (none != null && none >= end) {
                answers.put(request, Optional.empty());
            } else if (request.committed() >= end) {
                answers.put(request, Optional.empty());
            } else {
                // two groups at different offsets of one partition: the next poll asks for the other
                pending.putIfAbsent(request.partition(), request);
            }
        });
        if (!pending.isEmpty()) {
            fetch(pending, requests, answers);
        }
        return answers;
    }

    private void fetch(Map<TopicPartition, Request> pending, Map<Request, Long> ends,
                       Map<Request, Optional<Found>> answers) {
        consumer.assign(pending.keySet());
        pending.forEach((tp, request) -> consumer.seek(tp, request.committed()));
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Set<TopicPartition> done = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Request request = pending.get(tp);
                    if (request == null || record.offset() < request.committed()) {
                        continue;
                    }
                    if (record.offset() < ends.get(request)) {
                        Instant appended = record.timestampType() == TimestampType.LOG_APPEND_TIME
                                ? Instant.ofEpochMilli(record.timestamp()) : null;
                        Found hit = new Found(record.offset(), appended);
                        found.put(request, hit);
                        answers.put(request, Optional.of(hit));
                    } else {
                        nothingAt(request, ends.get(request), answers);
                    }
                    pending.remove(tp);
                    done.add(tp);
                }
                // a read_committed position moves past markers and aborted records without returning them
                pending.forEach((tp, request) -> {
                    if (consumer.position(tp) >= ends.get(request)) {
                        nothingAt(request, ends.get(request), answers);
                        done.add(tp);
                    }
                });
                done.forEach(pending::remove);
                consumer.pause(done); // answered: fetch no more of them
            }
        } finally {
            consumer.assign(List.of());
        }
    }

    private void nothingAt(Request request, long end, Map<Request, Optional<Found>> answers) {
        nothingBelow.put(request, end);
        answers.put(request, Optional.empty());
    }

    private static <V> Map<Request, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Request, V> eldest) {
                return size() > CACHED;
            }
        };
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
