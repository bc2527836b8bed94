package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LagMetrics metrics = new LagMetrics(registry, "prod");

    private static PartitionLag partition(String topic, int partition, long lag, double seconds, Member member) {
        return new PartitionLag("app", new TopicPartition(topic, partition), 100, 40, 100 + lag, lag, 0, seconds,
                LagStatus.WARN, Trend.RISING, member, null);
    }

    @Test
    void exportsKafkaLagExportersNamesAndLabels() {
        Member member = new Member("/10.0.0.7", "app-1-abc", "app-1");
        metrics.publish(List.of(new GroupLag("app", false, List.of(partition("orders", 0, 7, 12.5, member),
                partition("orders", 1, 3, 2, Member.NONE), partition("payments", 0, 0, 0, Member.NONE)),
                LagStatus.WARN, Trend.RISING, null)));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("kafka_consumergroup_group_lag_seconds{client_id=\"app-1\",cluster_name=\"prod\","
                        + "consumer_id=\"app-1-abc\",group=\"app\",member_host=\"/10.0.0.7\",partition=\"0\",topic=\"orders\"} 12.5")
                .contains("kafka_consumergroup_group_lag{client_id=\"\",cluster_name=\"prod\",consumer_id=\"\",group=\"app\","
                        + "member_host=\"\",partition=\"1\",topic=\"orders\"} 3.0")
                .contains("kafka_consumergroup_group_offset{client_id=\"app-1\"")
                .contains("kafka_consumergroup_group_max_lag{cluster_name=\"prod\",group=\"app\",is_simple_consumer=\"false\"} 7.0")
                .contains("kafka_consumergroup_group_max_lag_seconds{cluster_name=\"prod\",group=\"app\",is_simple_consumer=\"false\"} 12.5")
                .contains("kafka_consumergroup_group_sum_lag{cluster_name=\"prod\",group=\"app\"} 10.0")
                .contains("kafka_consumergroup_group_topic_sum_lag{cluster_name=\"prod\",group=\"app\",topic=\"orders\"} 10.0")
                .contains("kafka_consumergroup_group_topic_sum_lag{cluster_name=\"prod\",group=\"app\",topic=\"payments\"} 0.0")
                .contains("kafka_partition_latest_offset{cluster_name=\"prod\",partition=\"0\",topic=\"orders\"} 107.0")
                .contains("kafka_partition_earliest_offset{cluster_name=\"prod\",partition=\"0\",topic=\"orders\"} 40.0")
                .contains("kafka_consumergroup_group_status{cluster_name=\"prod\",group=\"app\",status=\"WARN\",trend=\"RISING\"} 1.0")
                .contains("kafka_consumergroup_group_partition_status{cluster_name=\"prod\",group=\"app\",partition=\"0\","
                        + "status=\"WARN\",topic=\"orders\",trend=\"RISING\"} 1.0")
                .contains("kafka_consumergroup_group_lost_offsets{cluster_name=\"prod\",group=\"app\",partition=\"0\",topic=\"orders\"} 0.0");
    }

    @Test
    void seriesOfAGroupOrPartitionThatWentAwayAreRemoved() {
        metrics.publish(List.of(new GroupLag("app", false, List.of(partition("orders", 0, 7, 1, Member.NONE),
                partition("orders", 1, 3, 1, Member.NONE)), LagStatus.WARN, Trend.RISING, null)));
        metrics.publish(List.of(new GroupLag("app", false, List.of(partition("orders", 0, 9, 1, Member.NONE)),
                LagStatus.OK, Trend.FLAT, null)));

        String scrape = registry.scrape();
        assertThat(scrape).contains("partition=\"0\",topic=\"orders\"} 9.0")
                .doesNotContain("partition=\"1\"")
                .doesNotContain("group=\"app\",status=\"WARN\"");

        metrics.publish(List.of());
        assertThat(registry.scrape()).doesNotContain("kafka_consumergroup").doesNotContain("kafka_partition");
    }
}
