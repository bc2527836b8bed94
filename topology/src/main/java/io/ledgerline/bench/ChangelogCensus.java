package io.ledgerline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The live state of an application, read from its changelogs: per store, the keys that hold a value at the end and
 * their key and value bytes (the latest record per key, tombstones removed) — what a fully compacted changelog, and
 * RocksDB without its overhead, hold. Also every record a restore reads.
 */
public final class ChangelogCensus {

    /** One store's live state. */
    public record StoreState(String store, long keys, long liveBytes, long records) {
    }

    private ChangelogCensus() {
    }

    /** @return per store (by name, without the application prefix and changelog suffix), sorted by name */
    public static List<StoreState> of(Map<String, Object> clientConfig, String applicationId) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = Admin.create(clientConfig)) {
            List<String> changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog")).sorted().toList();
            if (changelogs.isEmpty()) {
                return List.of();
            }
            admin.describeTopics(changelogs).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            admin.listOffsets(request, new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.name().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, Map<Bytes, Integer>> live = new TreeMap<>();
        Map<String, Long> records = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<TopicPartition> pending = new ArrayList<>(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Changelogs not read within 5 minutes; still reading " + pending);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String store = storeOf(record.topic(), applicationId);
                    records.merge(store, 1L, Long::sum);
                    Map<Bytes, Integer> values = live.computeIfAbsent(store, s -> new HashMap<>());
                    Bytes key = Bytes.wrap(record.key());
                    if (record.value() == null) {
                        values.remove(key);
                    } else {
                        values.put(key, record.key().length + record.value().length);
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        List<StoreState> states = new ArrayList<>();
        records.forEach((store, count) -> {
            Map<Bytes, Integer> values = live.getOrDefault(store, Map.of());
            states.add(new StoreState(store, values.size(), values.values().stream().mapToLong(Integer::longValue).sum(), count));
        });
        return states;
    }

    static String storeOf(String changelog, String applicationId) {
        return changelog.substring(applicationId.length() + 1, changelog.length() - "-changelog".length());
    }
}
