package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.config.ConfigResource;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

    @Test
    void startsCreatesTopicsAndServesTransactionsAndGroups() throws Exception {
        long started = System.nanoTime();
        Path directory;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            System.err.printf("embedded cluster ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            directory = cluster.directory();
            assertThat(directory).isDirectory();

            cluster.createTopics(List.of("orders", "payments"), 3);
            // idempotent: existing topics are left alone, new ones are added
            cluster.createTopics(List.of("orders", "payments", "refunds"), 3);
            // records carry business time: topics must never delete them by age
            ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThat(cluster.admin().describeConfigs(List.of(orders)).all().get().get(orders).get("retention.ms").value())
                    .isEqualTo("-1");
            assertThat(cluster.admin().describeTopics(List.of("orders", "payments", "refunds")).allTopicNames().get()
                    .values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));

            Map<String, Object> producerConfig = new HashMap<>(cluster.clientConfig());
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-producer");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("orders", "a", "committed-1"));
                producer.send(new ProducerRecord<>("orders", "b", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("orders", "c", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }

            Map<String, Object> consumerConfig = new HashMap<>(cluster.clientConfig());
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "it-group");
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        values.add(record.value());
                    }
                    return values.size() >= 2;
                });
                consumer.commitSync();
            }
            assertThat(values).containsExactlyInAnyOrder("committed-1", "committed-2");
            assertThat(cluster.admin().listConsumerGroupOffsets("it-group").partitionsToOffsetAndMetadata().get())
                    .isNotEmpty();
        }
        // a temporary state directory goes with the cluster
        assertThat(Files.exists(directory)).isFalse();
    }
}
