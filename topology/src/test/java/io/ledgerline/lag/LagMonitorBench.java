package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Cost of one lag-monitor poll on the embedded broker: {@code bench.groups} groups (default 100), each committed to
 * {@code bench.partitions} partitions (default 100: 10 topics of 10), every group behind by a different number of
 * records. Prints the first poll (topic configs read, every lagging partition probed once) and the steady polls after
 * it, with the number of gauges registered. Asserts what the monitor reports, never how fast.
 *
 * <p>Not part of {@code mvn verify} (the name matches no default include); run it alone with the {@code bench} profile:
 * <pre>
 * mvn -B -o -q -pl topology -am verify -Pbench -Dit.test=LagMonitorBench -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class LagMonitorBench {

    private static final int RECORDS_PER_PARTITION = 20;

    @Test
    void onePollOverManyGroupsAndPartitions() throws Exception {
        int groups = Integer.getInteger("bench.groups", 100);
        int partitionsPerTopic = Integer.getInteger("bench.partitions.per.topic", 10);
        int topics = Integer.getInteger("bench.partitions", 100) / partitionsPerTopic;
        int steadyPolls = Integer.getInteger("bench.polls", 10);

        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
            List<String> names = IntStream.range(0, topics).mapToObj(t -> "bench-lag-" + t).toList();
            cluster.createTopics(names, partitionsPerTopic);
            List<TopicPartition> partitions = new ArrayList<>();
            names.forEach(t -> IntStream.range(0, partitionsPerTopic).forEach(p -> partitions.add(new TopicPartition(t, p))));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (TopicPartition tp : partitions) {
                    for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                        producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, new byte[] {(byte) i}));
                    }
                }
                producer.flush();
            }
            for (int g = 0; g < groups; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long committed = g % RECORDS_PER_PARTITION;
                partitions.forEach(tp -> offsets.put(tp, new OffsetAndMetadata(committed)));
                cluster.admin().alterConsumerGroupOffsets(group(g), offsets).all().get();
            }

            LagMonitorSettings settings = new LagMonitorSettings(Pattern.compile("bench-group-.*"), null,
                    Duration.ofSeconds(30), new LagThresholds(300, List.of()), 10, "bench", "q2c.alerts.lag");
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (RecordProbe probe = new RecordProbe(cluster.clientConfig());
                 LagMonitor monitor = new LagMonitor(settings, cluster.admin(), probe, registry, alert -> { },
                         Clock.systemUTC())) {
                long started = System.nanoTime();
                LagReport first = monitor.poll();
                double firstSeconds = (System.nanoTime() - started) / 1e9;

                double[] steady = new double[steadyPolls];
                LagReport last = first;
                for (int i = 0; i < steadyPolls; i++) {
                    long t = System.nanoTime();
                    last = monitor.poll();
                    steady[i] = (System.nanoTime() - t) / 1e9;
                }
                Arrays.sort(steady);
                int gauges = registry.getMeters().size();
                print(String.format(Locale.ROOT, "bench: %d groups x %d partitions (%d topics of %d) = %,d group-partitions,"
                                + " %,d gauges", groups, partitions.size(), topics, partitionsPerTopic,
                        groups * partitions.size(), gauges));
                print(String.format(Locale.ROOT, "bench: first poll %.3f s; steady polls (%d): median %.3f s, max %.3f s",
                        firstSeconds, steadyPolls, steady[steadyPolls / 2], steady[steadyPolls - 1]));

                assertThat(last.groups()).hasSize(groups);
                for (GroupLag g : last.groups()) {
                    long expected = RECORDS_PER_PARTITION - Integer.parseInt(g.group().substring("bench-group-".length()))
                            % RECORDS_PER_PARTITION;
                    assertThat(g.partitions()).hasSize(partitions.size())
                            .allSatisfy(p -> assertThat(p.lag()).isEqualTo(expected));
                }
            }
        }
    }

    private static String group(int g) {
        return "bench-group-" + g;
    }

    private static void print(String line) {
        System.out.println(line);
    }
}
