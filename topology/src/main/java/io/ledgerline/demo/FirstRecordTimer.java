package io.ledgerline.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures how long after the demo's start the first committed record appeared on any of the given topics (the
 * journal topics): the figure the README quotes for "start to first journal entry".
 */
final class FirstRecordTimer implements AutoCloseable {

    private final long startNanos;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final AtomicReference<Duration> elapsed = new AtomicReference<>();
    private final Thread thread;

    FirstRecordTimer(Map<String, Object> clientConfig, Collection<String> topics, long startNanos) {
        this.startNanos = startNanos;
        this.topics = List.copyOf(topics);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-demo-first-entry");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::watch, "ledgerline-first-entry-timer");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (elapsed.get() == null) {
                if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    elapsed.set(Duration.ofNanos(System.nanoTime() - startNanos));
                }
            }
        } catch (WakeupException closing) {
            // close() interrupts the wait
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** Time from start to the first record, once seen. */
    Optional<Duration> elapsed() {
        return Optional.ofNullable(elapsed.get());
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
