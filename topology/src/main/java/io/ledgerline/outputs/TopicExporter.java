package io.ledgerline.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.SpecificAvroSerde;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Writes the committed content of a topic as {@code <dir>/<topic>.jsonl}: one JSON document per record value, in
 * (partition, offset) order. Reads read_committed from the beginning up to the end offsets seen at the start, with a
 * manually assigned consumer (no group, nothing committed), so exporting never disturbs the topic's readers. One
 * exporter reuses its consumer for every topic; close it when done.
 */
public final class TopicExporter implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private KafkaConsumer<byte[], byte[]> consumer;

    /** @param clientConfig at least {@code bootstrap.servers} */
    public TopicExporter(Map<String, Object> clientConfig) {
        this(clientConfig, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long reading one topic up to its end offsets may take */
    public TopicExporter(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /**
     * A value deserializer for any output topic: the writer schema's full name picks the generated class, so every
     * topic (present or future) is read with its own SpecificRecord type, as Confluent's specific.avro.reader does.
     */
    public static Deserializer<?> specificRecords(Map<String, ?> serdeConfig) {
        Deserializer<SpecificRecord> deserializer = new SpecificAvroSerde<SpecificRecord>().deserializer();
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        deserializer.configure(config, false);
        return deserializer;
    }

    /** The file a topic is exported to. */
    public static Path fileFor(Path dir, String topic) {
        return dir.resolve(topic + ".jsonl");
    }

    /**
     * Exports one topic. The file is created (or replaced) even if the topic is empty. Tombstones (null values) are
     * skipped.
     *
     * @param valueDeserializer already configured; Avro records are rendered by {@link AvroJson}, Jackson trees as they
     *                          are, anything else as its JSON string form
     * @return the number of documents written
     */
    public long export(String topic, Deserializer<?> valueDeserializer, Path dir) {
        Path file = fileFor(dir, topic);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create output directory " + dir, e);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return read(topic, valueDeserializer, value -> {
                try {
                    out.write(MAPPER.writeValueAsString(toJson(value)));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write " + file, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Hands every committed value of a topic, in (partition, offset) order, to {@code action}. Tombstones (null values)
     * are skipped.
     *
     * @return the number of values handed over
     */
    public long read(String topic, Deserializer<?> valueDeserializer, Consumer<Object> action) {
        long read = 0;
        KafkaConsumer<byte[], byte[]> reader = consumer();
        try {
            List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("Topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            // read_committed end offsets are the last stable offsets: everything committed so far. Asked while the
            // partitions are assigned, so the consumer can keep what it learns about them.
            reader.assign(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (TopicPartition tp : partitions) {
                read += readPartition(reader, tp, ends.get(tp), valueDeserializer, action, deadline);
            }
        } finally {
            reader.assign(List.of());
        }
        return read;
    }

    private long readPartition(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long end,
                               Deserializer<?> valueDeserializer, Consumer<Object> action, long deadline) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long read = 0;
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("Reading " + tp + " up to offset " + end + " did not finish within " + timeout
                        + " (stopped at " + consumer.position(tp) + ")");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() >= end) {
                    break;
                }
                if (record.value() == null) {
                    continue;
                }
                Object value;
                try {
                    value = valueDeserializer.deserialize(record.topic(), record.headers(), record.value());
                } catch (RuntimeException e) {
                    throw new KafkaException("Cannot deserialize " + tp + " offset " + record.offset() + ": " + e, e);
                }
                action.accept(value);
                read++;
            }
        }
        return read;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-topic-exporter");
            // Reading a finished topic: an empty fetch should come back at once, not after the default 500 ms.
            config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    static JsonNode toJson(Object value) {
        if (value instanceof IndexedRecord record) {
            return AvroJson.toJson(record);
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof byte[] bytes) {
            return JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
        return JsonNodeFactory.instance.textNode(String.valueOf(value));
    }
}
