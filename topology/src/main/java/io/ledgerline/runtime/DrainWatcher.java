package io.ledgerline.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until a Kafka Streams application (its consumer group, i.e. its {@code application.id}) has consumed every
 * record of its input topics and of its own repartition topics.
 * <p>
 * A partition is drained when the group's committed offset equals its end offset, or when nothing but transaction
 * markers and aborted records lie between the two: under exactly-once the committed offset can stop right before the
 * commit marker of the last transaction, which a naive "committed == end" check reports as a permanent lag of 1.
 * Because an application keeps writing into its repartition topics while it drains, the watcher only reports drained
 * after two consecutive drained checks that saw the same end offsets.
 */
public final class DrainWatcher implements AutoCloseable {

    /**
     * One look at the group: per topic the offsets consumed (committed minus earliest, so transaction markers count)
     * and the offsets still behind (0 where only markers are left), and whether everything is consumed.
     */
    public record Progress(Duration elapsed, Map<String, Long> consumedPerTopic, Map<String, Long> lagPerTopic,
                           boolean drained) {

        public long totalLag() {
            return lagPerTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        /** e.g. {@code raw.billing.stripe.events 23 consumed, 0 behind; ...}. */
        public String describe() {
            return consumedPerTopic.keySet().stream()
                    .map(t -> t + " " + consumedPerTopic.get(t) + " consumed, " + lagPerTopic.getOrDefault(t, 0L)
                            + " behind")
                    .collect(Collectors.joining("; "));
        }
    }

    private record PartitionState(long start, long end) {
    }

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> clientConfig;
    private final String groupId;
    private final Set<String> inputTopics;
    private final Admin admin;
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    // Partitions proven drained by a read_committed probe, with the offsets that proof holds for.
    private final Map<TopicPartition, PartitionState> provenDrained = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> probe;

    private Duration pollInterval = Duration.ofMillis(150);
    private Duration progressInterval = Duration.ofSeconds(1);
    private Consumer<Progress> progressListener = p -> { };
    private Supplier<String> abortReason = () -> null;

    /**
     * @param clientConfig at least {@code bootstrap.servers}
     * @param groupId      the application's consumer group, i.e. its {@code application.id}
     * @param inputTopics  the application's source topics; its repartition topics are found by name
     */
    public DrainWatcher(Map<String, Object> clientConfig, String groupId, Collection<String> inputTopics) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.inputTopics = new TreeSet<>(inputTopics);
        this.admin = Admin.create(this.clientConfig);
    }

    public DrainWatcher pollInterval(Duration interval) {
        this.pollInterval = Objects.requireNonNull(interval);
        return this;
    }

    /** Receives progress at most once per {@code interval} while waiting, and once more when drained. */
    public DrainWatcher onProgress(Duration interval, Consumer<Progress> listener) {
        this.progressInterval = Objects.requireNonNull(interval);
        this.progressListener = Objects.requireNonNull(listener);
        return this;
    }

    /** Stops waiting with an {@link IllegalStateException} as soon as {@code reason} returns non-null (e.g. the app died). */
    public DrainWatcher abortWhen(Supplier<String> reason) {
        this.abortReason = Objects.requireNonNull(reason);
        return this;
    }

    /**
     * Blocks until the group has consumed everything.
     *
     * @return the final progress
     * @throws TimeoutException      if not drained within {@code timeout}; the message tells what is left
     * @throws IllegalStateException if the abort condition fired
     */
    public Progress awaitDrained(Duration timeout) throws TimeoutException, InterruptedException {
        long startNanos = System.nanoTime();
        long deadline = startNanos + timeout.toNanos();
        long lastReport = startNanos;
        Map<TopicPartition, Long> previousEnds = null;
        Progress progress;
        while (true) {
            String abort = abortReason.get();
            if (abort != null) {
                throw new IllegalStateException(abort);
            }
            Check check = check(Duration.ofNanos(System.nanoTime() - startNanos));
            progress = check.progress;
            if (progress.drained() && check.endOffsets.equals(previousEnds)) {
                progressListener.accept(progress);
                return progress;
            }
            previousEnds = progress.drained() ? check.endOffsets : null;
            long now = System.nanoTime();
            if (now - lastReport >= progressInterval.toNanos()) {
                progressListener.accept(progress);
                lastReport = now;
            }
            if (now > deadline) {
                throw new TimeoutException("Consumer group " + groupId + " did not drain within " + timeout
                        + ": " + progress.totalLag() + " records behind (" + progress.describe() + ")");
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /**
     * The last stable offset (read_committed end) of every partition the group consumes now: what a barrier waits for
     * the group to have consumed.
     */
    public Map<TopicPartition, Long> stableEnds() {
        try {
            Set<String> topics = new TreeSet<>(inputTopics);
            topics.addAll(repartitionTopics());
            return offsets(partitionsOf(topics), OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while reading the end offsets of " + groupId + "'s topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaException("Cannot read the end offsets of consumer group " + groupId + "'s topics: " + cause, cause);
        }
    }

    /**
     * True when the group has consumed every record below {@code ends} (a {@link #stableEnds()} snapshot): its
     * committed offset has reached the snapshot, or only transaction markers and aborted records lie between.
     */
    public boolean consumedThrough(Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, Long> committed = committedOffsets();
            Map<TopicPartition, Long> earliest = offsets(new ArrayList<>(ends.keySet()), OffsetSpec.earliest(),
                    IsolationLevel.READ_UNCOMMITTED);
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                TopicPartition tp = e.getKey();
                long first = earliest.getOrDefault(tp, 0L);
                long position = Math.max(committed.getOrDefault(tp, first), first);
                if (position < e.getValue() && !onlyMarkersBetween(tp, position, e.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while checking the committed offsets of " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaException("Cannot check the committed offsets of consumer group " + groupId + ": " + cause, cause);
        }
    }

    /** One drain check, without the stability requirement of {@link #awaitDrained}. */
    public Progress check() {
        return check(Duration.ZERO).progress;
    }

    private record Check(Progress progress, Map<TopicPartition, Long> endOffsets) {
    }

    private Check check(Duration elapsed) {
        try {
            Map<TopicPartition, Long> committed = committedOffsets();
            Set<String> topics = new TreeSet<>(inputTopics);
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            topics.addAll(repartitionTopics());
            List<TopicPartition> partitions = partitionsOf(topics);

            Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> stable = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);

            Map<String, Long> consumed = new TreeMap<>();
            Map<String, Long> lag = new TreeMap<>();
            List<TopicPartition> uncertain = new ArrayList<>();
            boolean drained = true;
            Map<TopicPartition, PartitionState> states = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long first = earliest.getOrDefault(tp, 0L);
                long start = Math.max(committed.getOrDefault(tp, first), first);
                long last = end.getOrDefault(tp, 0L);
                PartitionState state = new PartitionState(start, last);
                states.put(tp, state);
                consumed.merge(tp.topic(), Math.max(0, start - first), Long::sum);
                lag.merge(tp.topic(), 0L, Long::sum);
                if (start >= last || state.equals(provenDrained.get(tp))) {
                    continue;
                }
                if (stable.getOrDefault(tp, -1L) < last) {
                    // An open transaction may still commit records here: certainly not drained.
                    drained = false;
                    lag.merge(tp.topic(), last - start, Long::sum);
                } else {
                    uncertain.add(tp);
                }
            }
            // Probing costs a fetch per partition, so only probe when nothing else already says "not drained",
            // and stop at the first partition with records left.
            for (TopicPartition tp : uncertain) {
                PartitionState state = states.get(tp);
                if (drained && onlyMarkersBetween(tp, state.start(), state.end())) {
                    provenDrained.put(tp, state);
                } else {
                    drained = false;
                    lag.merge(tp.topic(), state.end() - state.start(), Long::sum);
                }
            }
            return new Check(new Progress(elapsed, consumed, lag, drained), end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while checking the lag of " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaException("Cannot check the lag of consumer group " + groupId + ": " + cause, cause);
        }
    }

    private Map<TopicPartition, Long> committedOffsets()
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of(); // the application has not committed anything yet
            }
            throw e;
        }
    }

    // Streams names them <application.id>-<name>-repartition; they may hold data before the group commits for them.
    private Set<String> repartitionTopics() throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition"))
                .collect(Collectors.toSet());
    }

    private List<TopicPartition> partitionsOf(Set<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> unknown = topics.stream().filter(t -> !partitionCounts.containsKey(t)).toList();
        if (!unknown.isEmpty()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(unknown).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            descriptions.forEach((name, d) -> partitionCounts.put(name, d.partitions().size()));
        }
        return topics.stream()
                .flatMap(t -> java.util.stream.IntStream.range(0, partitionCounts.get(t))
                        .mapToObj(p -> new TopicPartition(t, p)))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec,
                                              IsolationLevel isolation)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(isolation)).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /**
     * Reads {@code [start, end)} of one partition read_committed: a read_committed consumer skips commit markers and
     * aborted records, so reaching {@code end} without receiving a record means nothing is left to consume.
     */
    private boolean onlyMarkersBetween(TopicPartition tp, long start, long end) {
        KafkaConsumer<byte[], byte[]> consumer = probe();
        consumer.assign(List.of(tp));
        consumer.seek(tp, start);
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() < end) {
                        return false;
                    }
                }
                if (consumer.position(tp) >= end) {
                    return true;
                }
            }
            return false;
        } finally {
            consumer.unsubscribe();
        }
    }

    private KafkaConsumer<byte[], byte[]> probe() {
        if (probe == null) {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-drain-probe");
            // A probe reads a few bytes at most; never let the broker park its fetch for the default 500 ms.
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            probe = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return probe;
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
