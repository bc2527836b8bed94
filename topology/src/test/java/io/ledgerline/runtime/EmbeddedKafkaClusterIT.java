package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.config.ConfigResource;
import java.util.Map;
import java.util.Set;
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

    @Test
    void listensOnLoopbackOnly() throws Exception {
        Path tcp = Path.of("/proc/net/tcp");
        assumeTrue(Files.isReadable(tcp) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux's /proc to list this JVM's listening sockets");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            assertThat(cluster.bootstrapServers()).startsWith("127.0.0.1:");
            int brokerPort = Integer.parseInt(cluster.bootstrapServers().substring("127.0.0.1:".length()));
            Map<String, String> listening = listeningSockets(tcp);
            Path tcp6 = Path.of("/proc/net/tcp6");
            if (Files.isReadable(tcp6)) {
                listening.putAll(listeningSockets(tcp6));
            }
            Set<String> ours = socketInodesOfThisJvm();
            List<String> mine = listening.entrySet().stream().filter(e -> ours.contains(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            // the broker's and the controller's sockets (nothing else listens in this test)
            assertThat(mine).hasSizeGreaterThanOrEqualTo(2);
            assertThat(mine).anyMatch(socket -> portOf(socket) == brokerPort);
            assertThat(mine).as("every socket this JVM listens on is 127.0.0.1 (or ::ffff:127.0.0.1)")
                    .allMatch(socket -> socket.startsWith("0100007F:")
                            || socket.startsWith("0000000000000000FFFF00000100007F:"));
        }
    }

    @Test
    void createdTopicsAcceptWritesAtOnce() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            List<String> topics = List.of("w1", "w2", "w3", "w4", "w5", "w6");
            cluster.createTopics(topics, 4);
            Map<String, Object> config = new HashMap<>(cluster.clientConfig());
            // no retries: a partition whose leader is not ready yet (NOT_LEADER_OR_FOLLOWER) fails the send
            config.put(ProducerConfig.RETRIES_CONFIG, 0);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent =
                        new ArrayList<>();
                for (String topic : topics) {
                    for (int partition = 0; partition < 4; partition++) {
                        sent.add(producer.send(new ProducerRecord<>(topic, partition, "k", "v")));
                    }
                }
                for (var future : sent) {
                    assertThat(future.get().offset()).isZero();
                }
            }
        }
    }

    /** "local address:port" in hex to inode, of every socket in LISTEN state (st 0A) of a /proc/net/tcp* table. */
    private static Map<String, String> listeningSockets(Path table) throws java.io.IOException {
        Map<String, String> sockets = new HashMap<>();
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9 && fields[3].equals("0A")) {
                sockets.put(fields[1], fields[9]);
            }
        }
        return sockets;
    }

    /** The inodes of the sockets this process holds: /proc/self/fd links read "socket:[inode]". */
    private static Set<String> socketInodesOfThisJvm() throws java.io.IOException {
        Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (java.io.IOException | UnsupportedOperationException gone) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    private static int portOf(String socket) {
        return Integer.parseInt(socket.substring(socket.lastIndexOf(':') + 1), 16);
    }
}
