package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.ledgerline.names.Topics;
import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.LagAlert;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor on the embedded broker, polled by the test on a test clock (30 s a poll): a group that falls behind (WARN,
 * then OPEN) and recovers (RESOLVED), an idle one, an exactly-once reader caught up behind commit markers, a
 * retention-truncated partition, and a LogAppendTime topic whose records carry last January as business time.
 */
class LagMonitorIT {

    private static final Duration POLL = Duration.ofSeconds(30);
    private static final String REGISTRY = "lag-monitor-it";
    private static final TopicPartition ORDERS = new TopicPartition("lag-orders", 0);
    private static final TopicPartition IDLE = new TopicPartition("lag-idle", 0);
    private static final TopicPartition TX = new TopicPartition("lag-tx", 0);
    private static final TopicPartition TRUNCATED = new TopicPartition("lag-truncated", 0);
    private static final TopicPartition APPENDED = new TopicPartition("lag-appended", 0);

    private static EmbeddedKafkaCluster cluster;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start();
        cluster.createTopics(List.of(ORDERS.topic(), IDLE.topic(), TX.topic(), TRUNCATED.topic(), Topics.ALERTS_LAG), 1);
        Map<String, String> appendTime = new HashMap<>(Topics.REQUIRED_TOPIC_CONFIG);
        appendTime.put("message.timestamp.type", "LogAppendTime");
        try {
            cluster.admin().createTopics(List.of(new NewTopic(APPENDED.topic(), 1, (short) 1).configs(appendTime)))
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(cluster.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopCluster() {
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        InMemorySchemaRegistry.drop(REGISTRY);
    }

    @Test
    void measuresStatusesAndAlertsAsKafkaCountsThem() throws Exception {
        produce(ORDERS, 10, null);
        commit("it-behind", ORDERS, 10);
        produce(IDLE, 5, null);
        commit("it-idle", IDLE, 5);
        readTransactionsExactlyOnce("it-tx");
        produce(TRUNCATED, 20, null);
        commit("it-truncated", TRUNCATED, 5);
        cluster.admin().deleteRecords(Map.of(TRUNCATED, RecordsToDelete.beforeOffset(12))).all().get();
        long before = System.currentTimeMillis();
        produce(APPENDED, 5, Instant.parse("2026-01-15T09:00:00Z").toEpochMilli()); // business time: last January
        long after = System.currentTimeMillis();
        commit("it-appended", APPENDED, 0);

        LagMonitorSettings settings = new LagMonitorSettings(Pattern.compile("it-.*"), null, POLL,
                new LagThresholds(100, List.of(new LagThresholds.GroupThreshold(Pattern.compile("it-appended|it-truncated"), 100_000))),
                4, "it", Topics.ALERTS_LAG);
        TestClock clock = new TestClock(Instant.ofEpochMilli(after));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<LagAlert> alerts = new ArrayList<>();
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY);
        try (LagAlertPublisher publisher = new LagAlertPublisher(cluster.clientConfig(), serdeConfig, Topics.ALERTS_LAG);
             RecordProbe probe = new RecordProbe(cluster.clientConfig());
             LagMonitor monitor = new LagMonitor(settings, cluster.admin(), probe, registry, alert -> {
                 alerts.add(alert);
                 publisher.accept(alert);
             }, clock)) {

            LagReport first = monitor.poll();

            // offset lag as kafka-consumer-groups counts it, but for commit markers and deleted records
            assertSameLagAsKafkaConsumerGroups(first);
            assertThat(lag(first, "it-tx", TX).lag()).isZero();
            assertThat(lag(first, "it-tx", TX).lagSeconds()).isZero();
            PartitionLag truncated = lag(first, "it-truncated", TRUNCATED);
            assertThat(truncated.lost()).isEqualTo(7);
            assertThat(truncated.lag()).isEqualTo(8);
            assertThat(truncated.status()).isEqualTo(LagStatus.ERR);
            assertThat(first.alerts()).singleElement().satisfies(a -> {
                assertThat(a.getAlertId()).isEqualTo("data-loss/it-truncated/lag-truncated/0");
                assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            });

            // it-behind commits one record a poll while ten arrive
            List<LagReport> reports = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                clock.advance(POLL);
                produce(ORDERS, 10, null);
                commit("it-behind", ORDERS, 10 + k);
                reports.add(monitor.poll());
            }
            LagReport fourth = reports.get(3);
            assertThat(lag(fourth, "it-behind", ORDERS).status()).isEqualTo(LagStatus.WARN);
            assertThat(lag(fourth, "it-behind", ORDERS).trend()).isEqualTo(Trend.RISING);
            // the record at the committed offset appeared at the first of these polls, three polls ago
            assertThat(lag(fourth, "it-behind", ORDERS).lagSeconds()).isEqualTo(90.0);
            assertThat(reports.subList(0, 4)).allSatisfy(r -> assertThat(r.alerts()).isEmpty());
            LagReport fifth = reports.get(4);
            assertThat(fifth.alerts()).singleElement().satisfies(a -> {
                assertThat(a.getAlertId()).isEqualTo("lag/it-behind/lag-orders");
                assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
                assertThat(a.getLagSeconds()).isEqualTo(120.0);
                assertThat(a.getLagOffsets()).isEqualTo(45);
            });
            assertSameLagAsKafkaConsumerGroups(fifth);

            // idle: nothing new, never behind, never alarmed
            assertThat(reports).allSatisfy(r -> {
                assertThat(lag(r, "it-idle", IDLE).lag()).isZero();
                assertThat(lag(r, "it-idle", IDLE).lagSeconds()).isZero();
                assertThat(lag(r, "it-idle", IDLE).status()).isEqualTo(LagStatus.OK);
                assertThat(lag(r, "it-tx", TX).lag()).isZero();
                assertThat(lag(r, "it-tx", TX).status()).isEqualTo(LagStatus.OK);
            });
            // LogAppendTime: aged by the broker's append time, not by last January; not moving, no member: STOP
            PartitionLag appended = lag(fifth, "it-appended", APPENDED);
            double polled = (clock.instant().toEpochMilli() - after) / 1000.0;
            assertThat(appended.lagSeconds()).isBetween(polled, polled + (after - before) / 1000.0);
            assertThat(appended.status()).isEqualTo(LagStatus.STOP);
            assertThat(fifth.group("it-appended").orElseThrow().status()).isEqualTo(LagStatus.STOP);
            assertThat(registry.scrape()).contains("kafka_consumergroup_group_lag_seconds{client_id=\"\",cluster_name=\"it\","
                    + "consumer_id=\"\",group=\"it-behind\",member_host=\"\",partition=\"0\",topic=\"lag-orders\"} 120.0");

            // recovery: both catch up
            clock.advance(POLL);
            commit("it-behind", ORDERS, 60);
            commit("it-truncated", TRUNCATED, 20);
            LagReport recovered = monitor.poll();
            assertThat(recovered.alerts()).extracting(LagAlert::getAlertId, LagAlert::getStatus).containsExactlyInAnyOrder(
                    tuple("lag/it-behind/lag-orders", AlertStatus.RESOLVED),
                    tuple("data-loss/it-truncated/lag-truncated/0", AlertStatus.RESOLVED));
            assertThat(lag(recovered, "it-behind", ORDERS).status()).isEqualTo(LagStatus.OK);
            assertThat(lag(recovered, "it-behind", ORDERS).lagSeconds()).isZero();
            assertThat(alerts).noneMatch(a -> a.getGroup().equals("it-idle") || a.getGroup().equals("it-tx"));

            // a deleted group's series go with it
            cluster.admin().deleteConsumerGroups(List.of("it-idle")).all().get();
            clock.advance(POLL);
            assertThat(monitor.poll().group("it-idle")).isEmpty();
            assertThat(registry.scrape()).doesNotContain("group=\"it-idle\"").contains("group=\"it-behind\"");
        }
        assertThat(alertsOnTopic()).extracting(LagAlert::getAlertId, LagAlert::getStatus)
                .containsExactlyElementsOf(alerts.stream().map(a -> tuple(a.getAlertId(),
                        a.getStatus())).toList());
    }

    private static PartitionLag lag(LagReport report, String group, TopicPartition tp) {
        return report.partition(group, tp).orElseThrow(() -> new AssertionError(group + " " + tp + " not reported"));
    }

    private static void assertSameLagAsKafkaConsumerGroups(LagReport report) {
        List<String> groups = report.groups().stream().map(GroupLag::group).toList();
        Map<ConsumerGroupsDescribe.Key, Long> tool = ConsumerGroupsDescribe.lags(cluster.bootstrapServers(), groups);
        List<PartitionLag> ours = report.groups().stream().flatMap(g -> g.partitions().stream()).toList();
        assertThat(tool).hasSameSizeAs(ours);
        for (PartitionLag p : ours) {
            long theirs = tool.get(new ConsumerGroupsDescribe.Key(p.group(), p.partition()));
            // the tool counts deleted records as lag, and the commit marker after an exactly-once reader's offset
            long markers = p.partition().equals(TX) ? 1 : 0;
            assertThat(p.lag() + p.lost() + markers).as("%s %s", p.group(), p.partition()).isEqualTo(theirs);
        }
    }

    private static void produce(TopicPartition tp, int count, Long timestamp) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), timestamp, null,
                    ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static void commit(String group, TopicPartition tp, long offset) throws Exception {
        cluster.admin().alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
    }

    /** Three transactions of five records, read read_committed by a group that commits after its last record, as EOS does. */
    private static void readTransactionsExactlyOnce(String group) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-it-tx");
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            for (int t = 0; t < 3; t++) {
                tx.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    tx.send(new ProducerRecord<>(TX.topic(), TX.partition(), null, new byte[] {(byte) i}));
                }
                tx.commitTransaction();
            }
        }
        Map<String, Object> consumerConfig = new HashMap<>(cluster.clientConfig());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TX.topic()));
            AtomicLong read = new AtomicLong();
            AtomicLong next = new AtomicLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read.incrementAndGet();
                    next.set(record.offset() + 1);
                }
                return read.get() == 15;
            });
            consumer.commitSync(Map.of(TX, new OffsetAndMetadata(next.get())));
        }
    }

    private static List<LagAlert> alertsOnTopic() {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<LagAlert> read = new ArrayList<>();
        try (KafkaConsumer<String, LagAlert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroDeserializer<>(InMemorySchemaRegistry.named(REGISTRY), LagAlert.class))) {
            TopicPartition alertsPartition = new TopicPartition(Topics.ALERTS_LAG, 0);
            consumer.assign(List.of(alertsPartition));
            consumer.seekToBeginning(List.of(alertsPartition));
            long end = consumer.endOffsets(List.of(alertsPartition)).get(alertsPartition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
                return consumer.position(alertsPartition) >= end;
            });
        }
        return read;
    }
}
