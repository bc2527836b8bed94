package io.ledgerline.runtime;

import io.ledgerline.names.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays export files into the raw topics exactly as Connect's FileStreamSource connector would deliver them: one
 * record per line, no key, the line's UTF-8 bytes as value. Blank lines are skipped.
 */
public final class ExportFileReplayer {

    public static final String SALESFORCE_CDC_FILE = "salesforce-cdc.jsonl";
    public static final String STRIPE_EVENTS_FILE = "stripe-events.jsonl";
    public static final String ERP_MASTERDATA_FILE = "erp-masterdata.jsonl";
    public static final String ERP_POSTING_RESULTS_FILE = "erp-posting-results.jsonl";

    /** Required export files and their raw topics, in replay order (master data first, as a live system has it). */
    public static final Map<String, String> REQUIRED_FILES = orderedMap(
            ERP_MASTERDATA_FILE, Topics.RAW_ERP_MASTERDATA,
            SALESFORCE_CDC_FILE, Topics.RAW_CRM_CDC,
            STRIPE_EVENTS_FILE, Topics.RAW_BILLING_EVENTS);
    public static final Map<String, String> OPTIONAL_FILES = orderedMap(
            ERP_POSTING_RESULTS_FILE, Topics.RAW_ERP_POSTING_RESULTS);

    private final Map<String, Object> producerConfig;

    /** @param clientConfig at least {@code bootstrap.servers}; producer settings may be added */
    public ExportFileReplayer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new LinkedHashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "ledgerline-export-replayer");
        this.producerConfig = config;
    }

    public ExportFileReplayer(String bootstrapServers) {
        this(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Checks that {@code inputDir} is a readable directory holding every required export file.
     *
     * @return the files to replay, mapped to their raw topics, in replay order
     * @throws IllegalArgumentException naming the missing file and the directory
     */
    public static Map<Path, String> filesToReplay(Path inputDir) {
        Objects.requireNonNull(inputDir, "inputDir");
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("Input directory " + inputDir.toAbsolutePath() + " does not exist"
                    + " or is not a directory");
        }
        Map<Path, String> files = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        REQUIRED_FILES.forEach((name, topic) -> {
            Path file = inputDir.resolve(name);
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                files.put(file, topic);
            } else {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Missing required export file" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " in " + inputDir.toAbsolutePath());
        }
        OPTIONAL_FILES.forEach((name, topic) -> {
            Path file = inputDir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(file, topic);
            }
        });
        return files;
    }

    /**
     * Produces every export file of {@code inputDir} into its raw topic and waits until all records are acknowledged.
     *
     * @return records produced per topic (every topic of a present file is listed, also with 0)
     */
    public Map<String, Long> replay(Path inputDir) {
        Map<Path, String> files = filesToReplay(inputDir);
        Map<String, Long> counts = new LinkedHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                long sent = replayFile(producer, file.getKey(), file.getValue(), failure);
                counts.merge(file.getValue(), sent, Long::sum);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new KafkaException("Replaying export files from " + inputDir + " failed: " + failure.get(),
                    failure.get());
        }
        return counts;
    }

    private static long replayFile(KafkaProducer<byte[], byte[]> producer, Path file, String topic,
                                   AtomicReference<Exception> failure) {
        long sent = 0;
        // Like FileStreamSourceTask: an InputStreamReader replaces malformed UTF-8 instead of failing, and readLine
        // splits on \n, \r and \r\n without returning the terminator.
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && failure.get() == null) {
                if (line.isBlank()) {
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, null, line.getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                sent++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read export file " + file, e);
        }
        return sent;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
