package io.ledgerline.lag;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lag as gauges, under kafka-lag-exporter's names and labels so its dashboards and alert rules work unchanged,
 * plus the status. Each poll replaces the whole set: a series whose group or partition is gone is removed, and a group
 * without members but with committed offsets keeps its series.
 */
final class LagMetrics implements AutoCloseable {

    static final String GROUP_OFFSET = "kafka_consumergroup_group_offset";
    static final String GROUP_LAG = "kafka_consumergroup_group_lag";
    static final String GROUP_LAG_SECONDS = "kafka_consumergroup_group_lag_seconds";
    static final String GROUP_MAX_LAG = "kafka_consumergroup_group_max_lag";
    static final String GROUP_MAX_LAG_SECONDS = "kafka_consumergroup_group_max_lag_seconds";
    static final String GROUP_SUM_LAG = "kafka_consumergroup_group_sum_lag";
    static final String GROUP_TOPIC_SUM_LAG = "kafka_consumergroup_group_topic_sum_lag";
    static final String PARTITION_LATEST_OFFSET = "kafka_partition_latest_offset";
    static final String PARTITION_EARLIEST_OFFSET = "kafka_partition_earliest_offset";
    /** Ledgerline's own: the {@link LagStatus} ordinal, with the status and trend as labels. */
    static final String GROUP_STATUS = "kafka_consumergroup_group_status";
    static final String PARTITION_STATUS = "kafka_consumergroup_group_partition_status";
    /** Ledgerline's own: offsets deleted before the group read them (committed below the log start). */
    static final String GROUP_LOST_OFFSETS = "kafka_consumergroup_group_lost_offsets";

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(GROUP_OFFSET, "Committed offset of the group on the partition"),
            Map.entry(GROUP_LAG, "Last stable offset minus committed offset (records still in the log)"),
            Map.entry(GROUP_LAG_SECONDS, "Age of the oldest unconsumed record, by its append time"),
            Map.entry(GROUP_MAX_LAG, "Highest offset lag over the group's partitions"),
            Map.entry(GROUP_MAX_LAG_SECONDS, "Highest time lag over the group's partitions"),
            Map.entry(GROUP_SUM_LAG, "Offset lag summed over the group's partitions"),
            Map.entry(GROUP_TOPIC_SUM_LAG, "Offset lag summed over the group's partitions of the topic"),
            Map.entry(PARTITION_LATEST_OFFSET, "Last stable offset (read_committed end) of the partition"),
            Map.entry(PARTITION_EARLIEST_OFFSET, "Log start offset of the partition"),
            Map.entry(GROUP_STATUS, "Group status: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP, 5 ERR"),
            Map.entry(PARTITION_STATUS, "Partition status: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP, 5 ERR"),
            Map.entry(GROUP_LOST_OFFSETS, "Offsets deleted before the group read them (committed below the log start)"));

    private record Series(String name, Tags tags) {
    }

    /** A gauge's current value; gauges read it at scrape time. */
    private static final class Value {
        private volatile double value;
    }

    private final MeterRegistry registry;
    private final String cluster;
    private final Map<Series, Value> live = new HashMap<>();
    private final Map<Series, Gauge> gauges = new HashMap<>();

    LagMetrics(MeterRegistry registry, String cluster) {
        this.registry = registry;
        this.cluster = cluster;
    }

    synchronized void publish(List<GroupLag> groups) {
        Map<Series, Double> next = new HashMap<>();
        for (GroupLag g : groups) {
            Tags group = Tags.of("cluster_name", cluster, "group", g.group());
            Tags simple = group.and("is_simple_consumer", Boolean.toString(g.simple()));
            next.put(new Series(GROUP_MAX_LAG, simple), (double) g.maxLag());
            next.put(new Series(GROUP_MAX_LAG_SECONDS, simple), g.maxLagSeconds());
            next.put(new Series(GROUP_SUM_LAG, group), (double) g.sumLag());
            next.put(new Series(GROUP_STATUS, group.and("status", g.status().name(), "trend", g.trend().name())),
                    (double) g.status().ordinal());
            g.byTopic().forEach((topic, partitions) -> next.put(new Series(GROUP_TOPIC_SUM_LAG, group.and("topic", topic)),
                    (double) partitions.stream().mapToLong(PartitionLag::lag).sum()));
            for (PartitionLag p : g.partitions()) {
                Tags partition = Tags.of("cluster_name", cluster, "topic", p.partition().topic(),
                        "partition", Integer.toString(p.partition().partition()));
                Tags groupPartition = partition.and("group", g.group());
                Tags member = groupPartition.and("member_host", p.member().host(), "consumer_id", p.member().consumerId(),
                        "client_id", p.member().clientId());
                next.put(new Series(PARTITION_STATUS, groupPartition.and("status", p.status().name(),
                        "trend", p.trend().name())), (double) p.status().ordinal());
                if (p.error() != null) {
                    continue; // unreadable offsets: a status, and no figure rather than a false one
                }
                next.put(new Series(GROUP_OFFSET, member), (double) p.committed());
                next.put(new Series(GROUP_LAG, member), (double) p.lag());
                next.put(new Series(GROUP_LAG_SECONDS, member), p.lagSeconds());
                next.put(new Series(GROUP_LOST_OFFSETS, groupPartition), (double) p.lost());
                next.put(new Series(PARTITION_LATEST_OFFSET, partition), (double) p.end());
                next.put(new Series(PARTITION_EARLIEST_OFFSET, partition), (double) p.logStart());
            }
        }
        next.forEach((series, value) -> live.computeIfAbsent(series, this::register).value = value);
        for (Series gone : List.copyOf(live.keySet())) {
            if (!next.containsKey(gone)) {
                live.remove(gone);
                registry.remove(gauges.remove(gone));
            }
        }
    }

    private Value register(Series series) {
        Value value = new Value();
        gauges.put(series, Gauge.builder(series.name(), value, v -> v.value).tags(series.tags())
                .description(HELP.get(series.name())).strongReference(true)
                .register(registry));
        return value;
    }

    /** Removes every series this monitor registered. */
    @Override
    public synchronized void close() {
        gauges.values().forEach(registry::remove);
        gauges.clear();
        live.clear();
    }
}
