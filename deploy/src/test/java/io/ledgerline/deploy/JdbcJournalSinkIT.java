package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.deploy.support.BasicJournal;
import io.ledgerline.deploy.support.ConnectorFiles;
import io.ledgerline.deploy.support.InProcessConnect;
import io.ledgerline.deploy.support.Postgres;
import io.ledgerline.glinterface.GlInterfaceFeed;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.StreamsDefaults;
import io.ledgerline.runtime.StreamsRuntime;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serdes.SerdeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The journal sink for real: the basic fixtures' journal (made by ProcessJob) goes onto the erp.journal.* topics in
 * the project's Avro wire format, every entry twice; the GL-interface feed flattens it, and Debezium's JDBC sink,
 * running in a Kafka Connect worker with the production connector configs (only the connection replaced), upserts
 * it into deploy/sql/gl_interface.sql's tables. Then each entry is there exactly once, its lines balance, and every
 * line's amounts are the topic's.
 */
class JdbcJournalSinkIT {

    private static final String[] SINKS = {"erp-gl-interface-header-sink.json", "erp-gl-interface-line-sink.json"};

    @Test
    void writesTheBasicJournalIntoPostgresExactlyOnceUnderDuplicateDelivery() throws Exception {
        Postgres pg = Postgres.fromEnvironment().assumeReachable();
        BasicJournal journal = BasicJournal.produce();
        assertThat(journal.byTopic).as("the basic fixtures post to two ERPs").hasSize(2);
        assertThat(journal.entryCount()).isGreaterThan(20);

        pg.execute("DROP SCHEMA IF EXISTS gl_interface CASCADE");
        pg.runScript(Path.of("sql/gl_interface.sql"));

        String scope = "jdbc-sink-it-" + UUID.randomUUID();
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        Path dir = Files.createTempDirectory("ledgerline-jdbc-sink-it-");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            List<String> topics = new ArrayList<>(journal.byTopic.keySet());
            topics.addAll(Topics.glInterface());
            topics.addAll(Topics.connect());
            kafka.createTopics(topics, 2);
            produceEveryEntryTwice(kafka, journal, serdeConfig);

            Properties streamsConfig = StreamsDefaults.baseConfig(GlInterfaceFeed.DEFAULT_APPLICATION_ID,
                    kafka.bootstrapServers(), dir.resolve("streams"), StreamsDefaults.EMBEDDED_REPLICATION_FACTOR, 1);
            streamsConfig.put("auto.offset.reset", "earliest");
            try (StreamsRuntime feed = StreamsRuntime.start(GlInterfaceFeed.withSerdeConfig(serdeConfig).build(), streamsConfig);
                 InProcessConnect connect = InProcessConnect.start(kafka.bootstrapServers(), dir, Map.of())) {
                for (String file : SINKS) {
                    Map<String, String> config = new LinkedHashMap<>(ConnectorFiles.production(file));
                    config.put("connection.url", pg.url);
                    config.put("connection.username", pg.user);
                    config.put("connection.password", pg.password);
                    config.put("tasks.max", "1");
                    connect.createConnector(config);
                }
                // The feed has done its part when it has committed every journal record: under exactly-once its
                // output is committed with those offsets.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(feed.failureReason()).isNull();
                    assertThat(lagging(kafka, GlInterfaceFeed.DEFAULT_APPLICATION_ID,
                            List.copyOf(journal.byTopic.keySet()), Map.of())).isEmpty();
                });
                TopicContent headers = committedRecords(kafka, Topics.GL_INTERFACE_HEADERS);
                TopicContent lines = committedRecords(kafka, Topics.GL_INTERFACE_LINES);
                assertThat(headers.copiesByKey).as("the feed passed every entry on to the sink twice")
                        .hasSize(journal.entryCount()).allSatisfy((key, copies) -> assertThat(copies).as(key).isEqualTo(2));
                assertThat(lines.copiesByKey).hasSize(journal.lineCount())
                        .allSatisfy((key, copies) -> assertThat(copies).as(key).isEqualTo(2));
                // The sinks are done when they have committed past the last record of each partition (a sink commits
                // the offset after its last record, which may be before a transaction marker: no end offsets here).
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    for (String file : SINKS) {
                        String name = ConnectorFiles.production(file).get("name");
                        assertThat(connect.status(name)).as(name).doesNotContain("FAILED");
                    }
                    assertThat(lagging(kafka, "connect-erp-gl-interface-header-sink",
                            List.of(Topics.GL_INTERFACE_HEADERS), headers.nextOffsets)).isEmpty();
                    assertThat(lagging(kafka, "connect-erp-gl-interface-line-sink",
                            List.of(Topics.GL_INTERFACE_LINES), lines.nextOffsets)).isEmpty();
                });
                assertThat(endOffsets(kafka, Topics.connect())).as("nothing went to Connect's dead-letter queue").isZero();
            }
        } finally {
            InMemorySchemaRegistry.drop(scope);
            Utils.delete(dir.toFile());
        }

        assertTablesHoldTheJournalOnce(pg, journal);
    }

    private static void produceEveryEntryTwice(EmbeddedKafkaCluster kafka, BasicJournal journal,
                                               Map<String, Object> serdeConfig) throws Exception {
        Serde<JournalEntry> serde = new SerdeCatalog(serdeConfig).avro(JournalEntry.class);
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
                // one record at a time, each acknowledged before the next: a fresh partition's first leader change cannot
        // leave an idempotent producer's batches out of sequence
        config.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<String, JournalEntry> producer =
                     new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
            for (int delivery = 0; delivery < 2; delivery++) {
                for (Map.Entry<String, List<JournalEntry>> topic : journal.byTopic.entrySet()) {
                    for (JournalEntry entry : topic.getValue()) {
                        producer.send(new ProducerRecord<>(topic.getKey(), entry.getLegalEntity(), entry))
                                .get(30, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
            }
        }
        assertThat(endOffsets(kafka, List.copyOf(journal.byTopic.keySet())))
                .as("every entry is on its journal topic twice").isEqualTo(2L * journal.entryCount());
    }

    private static void assertTablesHoldTheJournalOnce(Postgres pg, BasicJournal journal) throws Exception {
        // what the topic says: entry -> its lines as "account side amount functionalAmount", in order
        Map<String, List<String>> expected = new TreeMap<>();
        for (JsonNode entry : journal.json) {
            List<String> lines = new ArrayList<>();
            for (JsonNode line : entry.get("lines")) {
                lines.add(line.get("accountCode").asText() + " " + line.get("side").asText() + " "
                        + line.get("amountMinor").asLong() + " " + line.get("functionalAmountMinor").asLong());
            }
            assertThat(expected.put(entry.get("entryId").asText(), lines)).as("entry ids are unique").isNull();
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            Map<String, List<String>> actual = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT entry_id, line_no, account_code, side, amount_minor, "
                    + "functional_amount_minor FROM gl_interface.journal_line ORDER BY entry_id, line_no")) {
                while (rs.next()) {
                    List<String> lines = actual.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    assertThat(rs.getInt(2)).as("line numbers run from 1 without gaps").isEqualTo(lines.size() + 1);
                    lines.add(rs.getString(3) + " " + rs.getString(4) + " " + rs.getLong(5) + " " + rs.getLong(6));
                }
            }
            assertThat(actual).as("every line exactly once, with the topic's accounts and amounts").isEqualTo(expected);

            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT entry_id) FROM gl_interface.journal_header")) {
                rs.next();
                assertThat(rs.getInt(1)).as("one header per entry").isEqualTo(journal.entryCount());
                assertThat(rs.getInt(2)).isEqualTo(journal.entryCount());
            }
            List<String> unbalanced = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT entry_id FROM gl_interface.journal_line GROUP BY entry_id HAVING "
                    + "sum(CASE WHEN side = 'DEBIT' THEN amount_minor ELSE -amount_minor END) <> 0 OR "
                    + "sum(CASE WHEN side = 'DEBIT' THEN functional_amount_minor ELSE -functional_amount_minor END) <> 0")) {
                while (rs.next()) {
                    unbalanced.add(rs.getString(1));
                }
            }
            assertThat(unbalanced).as("entries whose lines do not balance").isEmpty();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM gl_interface.complete_entry")) {
                rs.next();
                assertThat(rs.getInt(1)).as("every header's line count and totals match its lines")
                        .isEqualTo(journal.entryCount());
            }
            // header fields come through typed: a date, an exact rate, the ERP of the entry's topic
            Map<String, String> headers = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT entry_id, erp, posting_date, exchange_rate, currency "
                    + "FROM gl_interface.journal_header")) {
                while (rs.next()) {
                    headers.put(rs.getString(1), rs.getString(2) + " " + rs.getDate(3).toLocalDate() + " "
                            + rs.getBigDecimal(4).stripTrailingZeros().toPlainString() + " " + rs.getString(5));
                }
            }
            Map<String, String> expectedHeaders = new TreeMap<>();
            for (JsonNode entry : journal.json) {
                expectedHeaders.put(entry.get("entryId").asText(), entry.get("erp").asText() + " "
                        + entry.get("postingDate").asText() + " "
                        + new java.math.BigDecimal(entry.get("exchangeRate").asText()).stripTrailingZeros().toPlainString()
                        + " " + entry.get("currency").asText());
            }
            assertThat(headers).isEqualTo(expectedHeaders);
        }
    }

    private static long endOffsets(EmbeddedKafkaCluster kafka, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        kafka.admin().describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        return kafka.admin().listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /**
     * Partitions of {@code topics} whose committed offset in {@code group} is behind {@code targets} (by default the
     * end offset).
     */
    private static List<String> lagging(EmbeddedKafkaCluster kafka, String group, List<String> topics,
                                        Map<TopicPartition, Long> targets) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        kafka.admin().describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        var ends = kafka.admin().listOffsets(request).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        List<String> lagging = new ArrayList<>();
        ends.forEach((tp, end) -> {
            long target = targets.getOrDefault(tp, end.offset());
            OffsetAndMetadata offset = committed.get(tp);
            long position = offset == null ? 0 : offset.offset();
            if (position < target) {
                lagging.add(group + " " + tp + " at " + position + " of " + target);
            }
        });
        return lagging;
    }

    /** How often each key occurs among a topic's committed records, and the offset after each partition's last one. */
    record TopicContent(Map<String, Integer> copiesByKey, Map<TopicPartition, Long> nextOffsets) {
    }

    private static TopicContent committedRecords(EmbeddedKafkaCluster kafka, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("isolation.level", "read_committed");
        Map<String, Integer> keys = new TreeMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    keys.merge(r.key(), 1, Integer::sum);
                    next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                });
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return new TopicContent(keys, next);
    }
}
