package io.ledgerline.runtime;

import io.ledgerline.errors.DeadLetters;
import io.ledgerline.names.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays export files into the raw topics: one record per line, no key, the line's bytes as value.
 *
 * <p>Lines end at {@code \n} or {@code \r\n} only. Connect's FileStreamSourceTask also ends a line at a bare
 * {@code \r}, which splits a record holding one into two undecodable halves; here a bare {@code \r} stays part of
 * its line and the decoder judges the whole record. The bytes are passed on as they are, not decoded and re-encoded,
 * so malformed UTF-8 reaches the decoder (and the dead letter) unchanged. Blank lines carry no record and are
 * skipped. A line longer than a record may be ({@link Topics#MAX_RECORD_BYTES}) is sent as its first
 * {@link DeadLetters#KEPT_PREFIX_BYTES} bytes with headers giving its full length and SHA-256, so it becomes a
 * dead letter instead of failing the run.
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

    /**
     * The alert thresholds for a replay of the export files in {@code directory}: without the ERP's posting results there
     * is no loop to close (no entry can be reported POSTED), so the kinds that wait for them are not watched; watched,
     * every entry would wait in the alert store for ever, as in an ERP outage.
     */
    public static io.ledgerline.alerts.AlertThresholds alertThresholdsFor(Path directory) {
        io.ledgerline.alerts.AlertThresholds defaults = io.ledgerline.alerts.AlertThresholds.defaults();
        return Files.exists(directory.resolve(ERP_POSTING_RESULTS_FILE)) ? defaults : defaults.withoutErpPostingResults();
    }

    /** Room for the record batch and record framing the producer counts against {@code max.request.size}. */
    private static final int RECORD_OVERHEAD_BYTES = 1024;
    /** The longest line sent whole. */
    public static final int MAX_LINE_BYTES = Topics.MAX_RECORD_BYTES - RECORD_OVERHEAD_BYTES;

    private final Map<String, Object> producerConfig;

    /** @param clientConfig at least {@code bootstrap.servers}; producer settings may be added */
    public ExportFileReplayer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new LinkedHashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
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
        return forEachRecord(file, topic, record -> {
            if (failure.get() == null) {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
        });
    }

    /**
     * Splits an export file into the records a replay produces (see the class comment) and hands each to
     * {@code action}, in file order.
     *
     * @return the number of records
     */
    public static long forEachRecord(Path file, String topic, Consumer<ProducerRecord<byte[], byte[]>> action) {
        long records = 0;
        byte[] chunk = new byte[64 * 1024];
        Line line = new Line();
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line.append(chunk, start, i - start);
                        records += line.emit(topic, action);
                        start = i + 1;
                    }
                }
                line.append(chunk, start, read - start);
            }
            records += line.emit(topic, action);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read export file " + file, e);
        }
        return records;
    }

    /**
     * The bytes of the line being read. Up to the record limit they are kept; past it only the running length and
     * SHA-256 are, and the last byte is held back because it may be the {@code \r} of a {@code \r\n}.
     */
    private static final class Line {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private MessageDigest overflowDigest;
        private long overflowLength;
        private int heldBack = -1;

        void append(byte[] bytes, int from, int count) {
            if (count == 0) {
                return;
            }
            if (overflowDigest == null && kept.size() + count <= MAX_LINE_BYTES + 1) {
                kept.write(bytes, from, count);
                return;
            }
            if (overflowDigest == null) {
                overflowDigest = DeadLetters.sha256();
                overflowDigest.update(kept.toByteArray());
                overflowLength = kept.size();
            }
            if (heldBack >= 0) {
                overflowDigest.update((byte) heldBack);
                overflowLength++;
            }
            overflowDigest.update(bytes, from, count - 1);
            overflowLength += count - 1;
            heldBack = bytes[from + count - 1] & 0xff;
        }

        /** Hands the line on as a record unless it is blank, and starts the next line; returns the records sent. */
        int emit(String topic, Consumer<ProducerRecord<byte[], byte[]>> action) {
            ProducerRecord<byte[], byte[]> record = overflowDigest == null ? whole(topic) : truncated(topic);
            kept.reset();
            overflowDigest = null;
            heldBack = -1;
            if (record == null) {
                return 0;
            }
            action.accept(record);
            return 1;
        }

        private ProducerRecord<byte[], byte[]> whole(String topic) {
            byte[] bytes = kept.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (isBlank(bytes, length)) {
                return null;
            }
            byte[] content = Arrays.copyOf(bytes, length);
            if (length <= MAX_LINE_BYTES) {
                return new ProducerRecord<>(topic, null, content);
            }
            return prefixRecord(topic, content, length, DeadLetters.sha256Hex(content));
        }

        private ProducerRecord<byte[], byte[]> truncated(String topic) {
            if (heldBack >= 0 && heldBack != '\r') {
                overflowDigest.update((byte) heldBack);
                overflowLength++;
            }
            return prefixRecord(topic, kept.toByteArray(), overflowLength,
                    HexFormat.of().formatHex(overflowDigest.digest()));
        }

        private static ProducerRecord<byte[], byte[]> prefixRecord(String topic, byte[] content, long length,
                                                                   String sha256) {
            byte[] prefix = Arrays.copyOf(content, Math.min(content.length, DeadLetters.KEPT_PREFIX_BYTES));
            return new ProducerRecord<>(topic, null, null, null, prefix,
                    new RecordHeaders(DeadLetters.truncationHeaders(length, sha256)));
        }

        private static boolean isBlank(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
