package io.ledgerline.lag;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads one {@link ClusterSnapshot} with a fixed number of batched Admin requests, whatever the number of groups and
 * partitions: list groups, their committed offsets, their members, the earliest and the last stable offsets, and (once
 * per topic) the topic's timestamp type. A group or partition that cannot be read is reported as such, not dropped.
 */
final class OffsetsReader {

    private final Admin admin;
    private final Duration timeout;
    /** message.timestamp.type per topic, read once: it rarely changes and costs a request per new topic. */
    private final Map<String, Boolean> logAppendTime = new HashMap<>();

    OffsetsReader(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    ClusterSnapshot read(Predicate<String> watches) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Boolean> groups = new TreeMap<>();
        for (GroupListing listing : get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())) {
            if (watches.test(listing.groupId())) {
                groups.put(listing.groupId(), listing.isSimpleConsumerGroup());
            }
        }
        Map<String, GroupOffsets> read = readGroups(groups);
        Set<TopicPartition> partitions = new HashSet<>();
        read.values().forEach(g -> partitions.addAll(g.committed().keySet()));

        Map<TopicPartition, String> errors = new HashMap<>();
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED, errors);
        Map<TopicPartition, Long> stable = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED, errors);
        Set<String> topics = new HashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        return new ClusterSnapshot(read, earliest, stable, errors, logAppendTopics(topics));
    }

    private Map<String, GroupOffsets> readGroups(Map<String, Boolean> groups) throws InterruptedException, TimeoutException {
        Map<String, GroupOffsets> read = new TreeMap<>();
        if (groups.isEmpty()) {
            return read;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.keySet().forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs);
        Map<String, KafkaFuture<ConsumerGroupDescription>> described =
                admin.describeConsumerGroups(groups.keySet()).describedGroups();
        for (Map.Entry<String, Boolean> group : groups.entrySet()) {
            String id = group.getKey();
            try {
                Map<TopicPartition, Long> committed = new HashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : get(offsets.partitionsToOffsetAndMetadata(id)).entrySet()) {
                    if (e.getValue() != null) {
                        committed.put(e.getKey(), e.getValue().offset());
                    }
                }
                read.put(id, new GroupOffsets(id, group.getValue(), committed, owners(described.get(id)), null));
            } catch (ExecutionException e) {
                read.put(id, new GroupOffsets(id, group.getValue(), Map.of(), Map.of(), String.valueOf(e.getCause())));
            }
        }
        return read;
    }

    // Members only label the series and tell STALL from STOP: a group that cannot be described still has its lag.
    private Map<TopicPartition, Member> owners(KafkaFuture<ConsumerGroupDescription> description)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Member> owners = new HashMap<>();
        try {
            for (MemberDescription member : get(description).members()) {
                Member m = new Member(member.host(), member.consumerId(), member.clientId());
                member.assignment().topicPartitions().forEach(tp -> owners.put(tp, m));
            }
        } catch (ExecutionException e) {
            return Map.of();
        }
        return owners;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
                                              IsolationLevel isolation, Map<TopicPartition, String> errors)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions(isolation));
        for (TopicPartition tp : partitions) {
            try {
                offsets.put(tp, get(result.partitionResult(tp)).offset());
            } catch (ExecutionException e) {
                errors.putIfAbsent(tp, String.valueOf(e.getCause()));
            }
        }
        return offsets;
    }

    private Set<String> logAppendTopics(Set<String> topics) throws InterruptedException, TimeoutException {
        List<ConfigResource> unknown = topics.stream().filter(t -> !logAppendTime.containsKey(t))
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        if (!unknown.isEmpty()) {
            Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(unknown).values();
            for (ConfigResource resource : unknown) {
                try {
                    ConfigEntry type = get(configs.get(resource)).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
                    logAppendTime.put(resource.name(), type != null && "LogAppendTime".equals(type.value()));
                } catch (ExecutionException e) {
                    // unknown for now (e.g. the topic is being deleted): asked again next poll
                }
            }
        }
        Set<String> appendTime = new HashSet<>();
        topics.forEach(t -> {
            if (Boolean.TRUE.equals(logAppendTime.get(t))) {
                appendTime.add(t);
            }
        });
        logAppendTime.keySet().retainAll(topics);
        return appendTime;
    }

    private <T> T get(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
