package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainWatcherIT {

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void returnsOnlyAfterAnExactlyOnceAppHasProcessedEverything(@TempDir Path stateDir) throws Exception {
        cluster.createTopics(List.of("drain-in", "drain-out"), 3);
        int records = 3_000;
        produceTransactionally("drain-in", records, "drain-in-producer");

        // A pass-through with a repartition step, so the watcher must find and drain the app's internal topic too.
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("drain-in", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((key, value) -> value)
                .repartition(Repartitioned.<String, String>as("rekey")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .mapValues(value -> value.toUpperCase())
                .to("drain-out", Produced.with(Serdes.String(), Serdes.String()));
        String applicationId = "drain-app";
        try (KafkaStreams streams = new KafkaStreams(builder.build(), StreamsDefaults.baseConfig(applicationId,
                cluster.bootstrapServers(), stateDir, StreamsDefaults.EMBEDDED_REPLICATION_FACTOR, 1));
             DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), applicationId, List.of("drain-in"))) {
            List<DrainWatcher.Progress> reports = new ArrayList<>();
            watcher.onProgress(Duration.ofMillis(200), reports::add);
            streams.start();

            DrainWatcher.Progress done = watcher.awaitDrained(Duration.ofSeconds(60));

            assertThat(done.drained()).isTrue();
            assertThat(done.totalLag()).isZero();
            // consumed counts offsets, so the commit marker after each partition's last transaction is included
            assertThat(done.consumedPerTopic().get("drain-in")).isBetween((long) records, records + 3L);
            assertThat(done.consumedPerTopic().get(applicationId + "-rekey-repartition"))
                    .isGreaterThanOrEqualTo(records);
            assertThat(reports).isNotEmpty();
            // Everything consumed under exactly-once means every output is committed and readable right now.
            assertThat(countCommitted("drain-out")).isEqualTo(records);
        }
    }

    @Test
    void committedOffsetBeforeTheCommitMarkerCountsAsDrained() throws Exception {
        cluster.createTopics(List.of("markers"), 1);
        produceTransactionally("markers", 5, "markers-producer");
        TopicPartition tp = new TopicPartition("markers", 0);
        // commitTransaction returns once the coordinator has logged the commit; it writes the marker after that
        await("5 records and a commit marker").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.admin().listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(tp).get().offset(), end -> end == 6L);

        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), "marker-group", List.of("markers"))) {
            commit("marker-group", tp, 3);
            DrainWatcher.Progress behind = watcher.check();
            assertThat(behind.drained()).isFalse();
            assertThat(behind.lagPerTopic()).containsEntry("markers", 3L);

            // Offset 5 is the last record + 1; only the commit marker lies between it and the end offset.
            commit("marker-group", tp, 5);
            DrainWatcher.Progress atMarker = watcher.check();
            assertThat(atMarker.drained()).isTrue();
            assertThat(atMarker.totalLag()).isZero();
            assertThat(watcher.awaitDrained(Duration.ofSeconds(10)).drained()).isTrue();
        }
    }

    @Test
    void anOpenTransactionIsNotDrained() throws Exception {
        cluster.createTopics(List.of("open-txn"), 1);
        produceTransactionally("open-txn", 2, "open-txn-done");
        TopicPartition tp = new TopicPartition("open-txn", 0);
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "open-txn-pending");
        try (KafkaProducer<String, String> pending =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
             DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), "open-group", List.of("open-txn"))) {
            pending.initTransactions();
            pending.beginTransaction();
            pending.send(new ProducerRecord<>("open-txn", "k", "not yet committed"));
            pending.flush();
            commit("open-group", tp, 2);

            assertThat(watcher.check().drained()).isFalse();
            assertThatThrownBy(() -> watcher.awaitDrained(Duration.ofMillis(500)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("open-group");

            pending.abortTransaction();
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.check().drained());
        }
    }

    private static void produceTransactionally(String topic, int count, String transactionalId) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.commitTransaction();
        }
    }

    private static void commit(String group, TopicPartition tp, long offset) throws Exception {
        cluster.admin().alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
    }

    private static long countCommitted(String topic) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long[] count = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                count[0] += consumer.poll(Duration.ofMillis(100)).count();
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return count[0];
        }
    }
}
