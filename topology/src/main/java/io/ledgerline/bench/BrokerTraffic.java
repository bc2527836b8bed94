package io.ledgerline.bench;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Records and bytes a Kafka Streams client wrote to the broker, by {@link TopicKind}, and the records it read back:
 * read from its producers' and consumers' per-topic metrics, so it counts exactly what the client sent (transaction
 * markers, which the broker writes, are not included).
 */
public record BrokerTraffic(Map<TopicKind, Long> recordsWritten, Map<TopicKind, Long> bytesWritten, long recordsRead,
                            Map<String, Long> recordsWrittenPerTopic) {

    public BrokerTraffic {
        recordsWritten = Map.copyOf(recordsWritten);
        bytesWritten = Map.copyOf(bytesWritten);
        recordsWrittenPerTopic = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(recordsWrittenPerTopic));
    }

    /** Sums the per-topic producer and consumer counters of one client's metrics. */
    public static BrokerTraffic of(Map<MetricName, ? extends Metric> metrics) {
        Map<TopicKind, Long> records = zeros();
        Map<TopicKind, Long> bytes = zeros();
        Map<String, Long> perTopic = new java.util.TreeMap<>();
        long read = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            String topic = name.tags().get("topic");
            if (topic == null || !(entry.getValue().metricValue() instanceof Number value)) {
                continue;
            }
            if (name.group().equals("producer-topic-metrics")) {
                if (name.name().equals("record-send-total")) {
                    records.merge(TopicKind.of(topic), value.longValue(), Long::sum);
                    perTopic.merge(topic, value.longValue(), Long::sum);
                } else if (name.name().equals("byte-total")) {
                    bytes.merge(TopicKind.of(topic), value.longValue(), Long::sum);
                }
            } else if (name.group().equals("consumer-fetch-manager-metrics") && name.name().equals("records-consumed-total")
                    && !name.tags().containsKey("partition")) {
                read += value.longValue();
            }
        }
        return new BrokerTraffic(records, bytes, read, perTopic);
    }

    /** The topics written the most, with their records per raw record, most first. */
    public Map<String, Double> topTopics(long rawRecords, int limit) {
        Map<String, Double> top = new java.util.LinkedHashMap<>();
        recordsWrittenPerTopic.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue() / (double) rawRecords));
        return top;
    }

    public long totalRecordsWritten() {
        return recordsWritten.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytesWritten() {
        return bytesWritten.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records written per raw input record, by kind and in total ({@code "total"}). */
    public Map<String, Double> recordsPerRawRecord(long rawRecords) {
        return perRaw(recordsWritten, totalRecordsWritten(), rawRecords);
    }

    public Map<String, Double> bytesPerRawRecord(long rawRecords) {
        return perRaw(bytesWritten, totalBytesWritten(), rawRecords);
    }

    private static Map<String, Double> perRaw(Map<TopicKind, Long> byKind, long total, long rawRecords) {
        if (rawRecords <= 0) {
            throw new IllegalArgumentException("no raw records to divide by");
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (TopicKind kind : TopicKind.values()) {
            out.put(kind.label(), byKind.getOrDefault(kind, 0L) / (double) rawRecords);
        }
        out.put("total", total / (double) rawRecords);
        return out;
    }

    private static Map<TopicKind, Long> zeros() {
        Map<TopicKind, Long> map = new EnumMap<>(TopicKind.class);
        for (TopicKind kind : TopicKind.values()) {
            map.put(kind, 0L);
        }
        return map;
    }
}
