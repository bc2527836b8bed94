package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFiles;
import io.ledgerline.names.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's Connect worker really writes the export files into the raw topics and stores its source offsets. */
@Timeout(90)
class ConnectReplayIT {

    @TempDir
    Path dataDir;

    @Test
    void fileStreamSourcesReplayEveryLineAndStoreTheirOffsets() throws Exception {
        Path input = BundledExports.extractTo(dataDir.resolve("exports"));
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            cluster.createTopics(Topics.rawInputs(), 2);
            try (ConnectWorker connect = ConnectWorker.start(cluster.bootstrapServers(), dataDir, input)) {
                Map<String, Path> files = connect.filesByTopic();
                assertThat(files.keySet()).containsExactlyInAnyOrder(Topics.RAW_CRM_CDC, Topics.RAW_BILLING_EVENTS,
                        Topics.RAW_ERP_MASTERDATA);
                for (String name : connect.herder().connectors()) {
                    ConnectorStateInfo status = connect.herder().connectorStatus(name);
                    assertThat(status.connector().state()).as(name).isEqualTo("RUNNING");
                }

                Map<String, Long> delivered = ConnectDelivery.await(cluster.admin(), ConnectDelivery.expected(files),
                        Duration.ofSeconds(60), line -> { });
                for (Map.Entry<String, Path> file : files.entrySet()) {
                    List<String> lines = Files.readAllLines(file.getValue(), StandardCharsets.UTF_8).stream()
                            .filter(l -> !l.isBlank()).toList();
                    assertThat(delivered.get(file.getKey())).as(file.getKey())
                            .isEqualTo(ExportFiles.recordCount(file.getValue())).isEqualTo(lines.size());
                    assertThat(readAll(cluster, file.getKey(), lines.size())).as(file.getKey())
                            .containsExactlyInAnyOrderElementsOf(lines);
                }

                // Connect flushes source offsets (file name and position) to its offsets file periodically.
                Path offsets = dataDir.resolve("connect.offsets");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(offsets).exists();
                    String stored = new String(Files.readAllBytes(offsets), StandardCharsets.ISO_8859_1);
                    for (Path file : files.values()) {
                        assertThat(stored).contains(file.toString());
                    }
                });
            }
        }
    }

    @Test
    void aTwoMegabyteLineReachesItsRawTopicWithoutFailingTheConnector() throws Exception {
        Path input = BundledExports.extractTo(dataDir.resolve("exports"));
        String big = "{\"id\":\"evt_big\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Files.writeString(input.resolve("stripe-events.jsonl"), big + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            cluster.createTopics(Topics.rawInputs(), 2);
            try (ConnectWorker connect = ConnectWorker.start(cluster.bootstrapServers(), dataDir, input)) {
                Map<String, Path> files = connect.filesByTopic();
                ConnectDelivery.await(cluster.admin(), ConnectDelivery.expected(files), Duration.ofSeconds(60), line -> { });
                int lines = (int) ExportFiles.recordCount(files.get(Topics.RAW_BILLING_EVENTS));
                assertThat(readAll(cluster, Topics.RAW_BILLING_EVENTS, lines)).contains(big);
                for (String name : connect.herder().connectors()) {
                    ConnectorStateInfo status = connect.herder().connectorStatus(name);
                    assertThat(status.tasks()).as(name).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
                }
            }
        }
    }

    private static List<String> readAll(EmbeddedKafkaCluster cluster, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
        }
        return values;
    }
}
